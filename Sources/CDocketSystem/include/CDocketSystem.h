#ifndef CDOCKETSYSTEM_H
#define CDOCKETSYSTEM_H

/// Flushes the whole file system holding `descriptor` to disk and waits (Linux `syncfs`),
/// which Swift's Glibc module leaves out (it is declared only under _GNU_SOURCE). Elsewhere,
/// `fsync` of the descriptor itself. Returns 0, or -1 with errno set.
int docket_syncfs(int descriptor);

#include <stddef.h>
#include <sys/types.h>

/// Starts `path` with `argv` (and `envp`, or docket's own environment when NULL) in
/// `directory` (or docket's own when NULL), its standard input, output and error being the
/// three descriptors given; no other descriptor of docket's reaches it, and it starts with
/// every signal at its default; with `own_group`, it leads a process group of its own (whose
/// id is its pid). Returns 0 with `*pid` set, or an errno value.
///
/// posix_spawn rather than Foundation's `Process`, whose launch on Linux reads past a
/// buffer while listing /proc/self/fd and crashes now and then
/// (swift-corelibs-foundation pull request 5472).
int docket_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                 int stdin_fd, int stdout_fd, int stderr_fd, int own_group, pid_t *pid);

/// Writes all `count` bytes to `descriptor`, retrying short writes; a reader that went away
/// is an error (EPIPE), never a SIGPIPE. Returns `count`, or -1 with errno set.
long docket_write_all(int descriptor, const void *bytes, size_t count);

/// A pipe whose two ends close on exec (pipe2 with O_CLOEXEC, again left out of Swift's
/// Glibc module): made in one step, so no program started meanwhile on another thread
/// inherits it. Returns 0, or -1 with errno set.
int docket_pipe(int descriptors[2]);

/// Where this binary was built from, recorded at build time (Package.swift): the source
/// repository's URL and the tag or commit, each empty when not known. `docket init` pins the
/// CI wiring to them.
const char *docket_build_source_url(void);
const char *docket_build_source_revision(void);

#endif
