// An LD_PRELOAD shim for `do-architect bench search`: counts calls to the C allocator (glibc), so that the
// benchmark can print allocations per call. Build: clang -shared -fPIC -O2 -o alloc_count.so alloc_count.c
// Run:   LD_PRELOAD=$PWD/alloc_count.so .build/release/do-architect bench search
// Not part of the server: the benchmark finds `do_architect_allocation_count` with dlsym when it is preloaded.
#define _GNU_SOURCE
#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static _Atomic unsigned long allocations;

static inline void counted(void) { atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed); }

void *malloc(size_t size) { counted(); return __libc_malloc(size); }
void *calloc(size_t count, size_t size) { counted(); return __libc_calloc(count, size); }
void *realloc(void *pointer, size_t size) { counted(); return __libc_realloc(pointer, size); }
void *memalign(size_t alignment, size_t size) { counted(); return __libc_memalign(alignment, size); }
void *aligned_alloc(size_t alignment, size_t size) { counted(); return __libc_memalign(alignment, size); }
int posix_memalign(void **result, size_t alignment, size_t size) {
    counted();
    void *pointer = __libc_memalign(alignment, size);
    if (!pointer) return ENOMEM;
    *result = pointer;
    return 0;
}

/// The number of allocations so far in this process.
unsigned long do_architect_allocation_count(void) { return atomic_load(&allocations); }
