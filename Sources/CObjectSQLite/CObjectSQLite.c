#include "CObjectSQLite.h"

#include <pthread.h>
#include <sqlite3.h>
#include <string.h>

int do_object_db_skip_checkpoint_on_close(void *db) {
    return sqlite3_db_config((sqlite3 *)db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
}

static sqlite3_vfs object_vfs;
static int (*base_full_pathname)(sqlite3_vfs *, const char *, int, char *);
static const char *object_vfs_registered;
static pthread_once_t object_vfs_once = PTHREAD_ONCE_INIT;

/// The runtime opens object databases by absolute paths it builds itself below a directory it resolved once, so
/// the path is already the full path name. Relative names go to the base VFS.
static int object_full_pathname(sqlite3_vfs *vfs, const char *name, int out_size, char *out) {
    if (name != 0 && name[0] == '/') {
        size_t length = strlen(name);
        if (length + 1 > (size_t)out_size) return SQLITE_CANTOPEN;
        memcpy(out, name, length + 1);
        return SQLITE_OK;
    }
    return base_full_pathname(vfs, name, out_size, out);
}

static void register_object_vfs(void) {
    sqlite3_vfs *base = sqlite3_vfs_find("unix-none");
    if (base == 0) return;
    object_vfs = *base;
    object_vfs.zName = "do-object";
    object_vfs.pNext = 0;
    base_full_pathname = base->xFullPathname;
    object_vfs.xFullPathname = object_full_pathname;
    if (sqlite3_vfs_register(&object_vfs, 0) == SQLITE_OK) object_vfs_registered = object_vfs.zName;
}

const char *do_object_vfs_name(void) {
    pthread_once(&object_vfs_once, register_object_vfs);
    return object_vfs_registered;
}

static int page_cache_configured;

/// Process-wide settings, which must be made before SQLite initializes, so they run when the program is loaded.
/// They apply to every connection of the process (GRDB's too) and change no behaviour:
/// - SQLite's default page cache allocates 20 pages at once (about 86 KB) for every connection at its first read;
///   with thousands of object databases open that bulk was most of their memory. Pages are now allocated one by
///   one as used.
/// - Memory statistics (`sqlite3_memory_used`, unused here) take one global mutex around every allocation and
///   free of every connection; with pages allocated one by one, threads creating objects contended on it.
__attribute__((constructor)) static void configure_page_cache(void) {
    page_cache_configured = sqlite3_config(SQLITE_CONFIG_PAGECACHE, (void *)0, 0, 0) == SQLITE_OK;
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int do_object_page_cache_configured(void) { return page_cache_configured; }
