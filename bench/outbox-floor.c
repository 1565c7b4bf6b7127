// The floor under writing an outbox: N files of SIZE bytes created in one folder, made durable
// with one syncfs, renamed to their names, the folder fsynced; what docket's batches do,
// without rendering anything. bench/reconcile.sh runs it beside docket in the same invocation.
// usage: outbox-floor FOLDER N [SIZE]
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: outbox-floor FOLDER N [SIZE]\n"); return 2; }
    const char *folder = argv[1];
    int n = atoi(argv[2]);
    size_t size = argc > 3 ? (size_t)atol(argv[3]) : 5200;
    char *buffer = malloc(size);
    memset(buffer, 'x', size);
    mkdir(folder, 0755);
    char temporary[4096], final[4096];
    for (int i = 0; i < n; i++) {
        snprintf(temporary, sizeof temporary, "%s/.tmp-%032x.eml-1", folder, (unsigned)i * 2654435761u);
        int descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (descriptor < 0 || write(descriptor, buffer, size) != (ssize_t)size) { perror(temporary); return 1; }
        close(descriptor);
    }
    int directory = open(folder, O_RDONLY | O_DIRECTORY);
    if (syncfs(directory) != 0) { perror("syncfs"); return 1; }
    for (int i = 0; i < n; i++) {
        snprintf(temporary, sizeof temporary, "%s/.tmp-%032x.eml-1", folder, (unsigned)i * 2654435761u);
        snprintf(final, sizeof final, "%s/%032x.eml", folder, (unsigned)i * 2654435761u);
        if (rename(temporary, final) != 0) { perror(final); return 1; }
    }
    fsync(directory);
    return 0;
}
