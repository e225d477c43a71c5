/* Text as a terminal shows it: UTF-8 names take columns, not bytes. */
#ifndef UI_TEXT_H
#define UI_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Columns s takes on a terminal (invalid bytes count as one each). */
int ui_text_width(const char *s);
/* Longest prefix of s, in bytes, that fits in cols columns. */
size_t ui_text_fit(const char *s, int cols);
/* Writes s cut or padded with spaces to exactly cols columns. */
void ui_fput_cols(FILE *f, const char *s, int cols);

#endif
