/*
 * Shared inside drivers/modbus only.
 */
#ifndef MES_MB_INT_H
#define MES_MB_INT_H

#include <stddef.h>
#include "mb.h"

/* Base 10, whole string, within [min, max]: 0 or -1. */
int mes_mb_parse_long(const char *s, long min, long max, long *out);

int mes_mb_word_index(const char *const *words, const char *w);
/* Writes the message into err (if any); returns MES_ERR_CONFIG. */
int mes_mb_fail(char *err, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* running, idle, down, setup -> enum value; unknown -> 0 or -1 */
int mes_mb_state_parse(const char *word);

/* A counter's value as unsigned, whatever its declared sign, so that a
 * wrap of an i32 counter reads as a wrap and not as a step back. */
double mes_mb_decode_unsigned(const struct mes_mb_tag *tag,
                              const uint16_t *regs);

#endif
