/* What the two halves of the mes.ini reader share (config.c, config_scan.c). */
#ifndef MES_CONFIG_INT_H
#define MES_CONFIG_INT_H

#include <stddef.h>
#include "config.h"
#include "internal.h"

/*
 * iniparser 4.1 reads a line with fgets() into 1024 bytes and gives up on
 * the whole file unless the newline fits: 1022 bytes, '\n', NUL.
 */
#define INI_LINE_MAX 1022
/* Its lookups lower-case "section:key" into 1025 bytes, truncating. */
#define INI_KEY_MAX 1024
/* Bounds the pre-scan's memory; a real mes.ini is a few kilobytes. */
#define INI_FILE_MAX (1024L * 1024L)
/* How much of a value or name an error message quotes. */
#define QUOTE_MAX 64

/* Lower case, as iniparser folds section and key names. */
void config_fold(char *s);
/* Checks the file line by line; *syntax_line gets the first line iniparser
 * will refuse (0 if none), so its message can name it. */
int config_prescan(const char *path, int *syntax_line, char *err,
                   size_t errn);

#endif
