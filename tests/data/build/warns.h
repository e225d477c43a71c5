/*
 * Forced into a compile by tests/cli/build.sh (-include): a warning of
 * the kind a newer compiler adds, which must not stop a plain build and
 * must stop make check's.
 */
#warning "a warning a newer compiler might give"
