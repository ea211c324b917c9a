#ifndef C_OBJECT_SQLITE_H
#define C_OBJECT_SQLITE_H

/// SQLite settings of object databases that Swift cannot reach: `sqlite3_db_config` is variadic, and a VFS needs
/// C function pointers. The connection is passed as an untyped pointer so that this header does not include
/// <sqlite3.h> (GRDBSQLite's module owns it).

/// Turns off the checkpoint SQLite runs when the connection closes (`SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE`).
/// Returns an SQLite result code.
int do_object_db_skip_checkpoint_on_close(void *db);

/// The name of the VFS for object databases ("do-object"), registered on first use: SQLite's "unix-none" VFS
/// (no POSIX advisory locks) whose xFullPathname takes an absolute path as it is, instead of checking each of its
/// components with lstat() (up to 10 system calls per open). NULL when "unix-none" does not exist.
const char *do_object_vfs_name(void);

/// Whether the process-wide page-cache setting was applied at load time (no bulk allocation of 20 pages per
/// connection; see CObjectSQLite.c).
int do_object_page_cache_configured(void);

#endif
