/* Text as a terminal shows it: UTF-8 names take columns, not bytes. */
#ifndef UI_TEXT_H
#define UI_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Columns s takes on a terminal (invalid bytes count as one each). */
int ui_text_width(const char *s);
/* Longest prefix of s, in bytes, that fits in cols columns. */
size_t ui_text_fit(const char *s, int cols);
/* The first line of s as a box cols wide shows it: its length in bytes,
 * broken at the last space that fits (or mid-word when none does) or at
 * a newline; *next is where the line after it starts. */
size_t ui_text_wrap(const char *s, int cols, size_t *next);
/* Writes s cut or padded with spaces to exactly cols columns. */
void ui_fput_cols(FILE *f, const char *s, int cols);

#endif
