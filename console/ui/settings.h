/* Every program finds and reads mes.ini the same way. */
#ifndef UI_SETTINGS_H
#define UI_SETTINGS_H

#include <stddef.h>
#include "config.h"

/*
 * Fills s from the file that --config (opt), $MES_CONFIG, ./mes.ini or
 * SYSCONFDIR/mes.ini names; defaults when there is none.  path gets the
 * file read ("" for none).  On error, err holds the message naming file,
 * section and key.
 */
int ui_load_settings(const char *opt, struct mes_settings *s, char *path,
                     size_t pathn, mes_warn_fn warn, void *ctx, char *err,
                     size_t errn);

#endif
