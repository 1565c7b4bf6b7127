#define _GNU_SOURCE
#include <unistd.h>
#include "CDocketSystem.h"

int docket_syncfs(int descriptor) {
#ifdef __linux__
    return syncfs(descriptor);
#else
    return fsync(descriptor);
#endif
}
