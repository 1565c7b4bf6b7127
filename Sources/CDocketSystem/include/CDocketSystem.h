#ifndef CDOCKETSYSTEM_H
#define CDOCKETSYSTEM_H

/// Flushes the whole file system holding `descriptor` to disk and waits (Linux `syncfs`),
/// which Swift's Glibc module leaves out (it is declared only under _GNU_SOURCE). Elsewhere,
/// `fsync` of the descriptor itself. Returns 0, or -1 with errno set.
int docket_syncfs(int descriptor);

#endif
