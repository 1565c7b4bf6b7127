#include "CDocketSystem.h"

/* Package.swift defines these from the source checkout docket is built from (its origin
   remote, and the tag or commit checked out), or from DOCKET_SOURCE_URL and
   DOCKET_SOURCE_REVISION in the build's environment. */
const char *docket_build_source_url(void) {
#ifdef DOCKET_BUILD_SOURCE_URL
    return DOCKET_BUILD_SOURCE_URL;
#else
    return "";
#endif
}

const char *docket_build_source_revision(void) {
#ifdef DOCKET_BUILD_SOURCE_REVISION
    return DOCKET_BUILD_SOURCE_REVISION;
#else
    return "";
#endif
}
