/*
 * mes.ini: the one module that reads configuration.  It is the only file
 * that includes iniparser.h; it reads strings only and converts numbers
 * itself (base 10, whole string, range), because iniparser 4.1 folds keys,
 * parses integers with base 0 and lets a duplicate key win silently.
 */
#ifndef MES_CONFIG_H
#define MES_CONFIG_H

#include <stddef.h>
#include "mes.h"

struct mes_ini;

/*
 * Finds the file: explicit (from --config) if not NULL, else $MES_CONFIG,
 * else ./mes.ini, else SYSCONFDIR/mes.ini.  Writes the chosen path into
 * out, or "" when none exists (explicit and $MES_CONFIG must exist:
 * MES_ERR_CONFIG when they do not).
 */
int mes_config_find(const char *explicit_path, char *out, size_t n,
                    char *errbuf, size_t errn);

/*
 * Loads and checks a file: duplicate keys and lines over 1024 bytes are
 * errors naming file and line; syntax errors name the line.  Errors go to
 * errbuf, never to stderr.
 */
int mes_ini_load(const char *path, struct mes_ini **out, char *errbuf,
                 size_t errn);
void mes_ini_free(struct mes_ini *ini);
const char *mes_ini_path(const struct mes_ini *ini);

/* Value or NULL.  Section and key are matched without case. */
const char *mes_ini_str(const struct mes_ini *ini, const char *sec,
                        const char *key);
/* Absent: *out = def, MES_OK.  Present but not a base-10 integer within
 * [min, max]: MES_ERR_CONFIG, errbuf names file, section and key. */
int mes_ini_int(const struct mes_ini *ini, const char *sec, const char *key,
                long min, long max, long def, long *out, char *errbuf,
                size_t errn);
int mes_ini_double(const struct mes_ini *ini, const char *sec,
                   const char *key, double min, double max, double def,
                   double *out, char *errbuf, size_t errn);
/* yes/no/true/false/on/off/1/0 */
int mes_ini_bool(const struct mes_ini *ini, const char *sec, const char *key,
                 int def, int *out, char *errbuf, size_t errn);
/* One of choices (NULL-terminated); *out is its index. */
int mes_ini_enum(const struct mes_ini *ini, const char *sec, const char *key,
                 const char *const *choices, int def, int *out,
                 char *errbuf, size_t errn);

int mes_ini_nsections(const struct mes_ini *ini);
const char *mes_ini_section(const struct mes_ini *ini, int i);
int mes_ini_nkeys(const struct mes_ini *ini, const char *sec);
/* The i-th key name of sec, without the "sec:" prefix. */
const char *mes_ini_key(const struct mes_ini *ini, const char *sec, int i);

/*
 * The core settings: [database], [auth], [audit] key_file and [dispatch]
 * max_open_labor and over_report_pct.
 * Unknown keys in those sections and unknown sections (other than the
 * prefixes later modules register, see mes.ini(5)) are reported through
 * warn (may be NULL).
 */
typedef void (*mes_warn_fn)(const char *msg, void *ctx);
int mes_config_settings(const struct mes_ini *ini, struct mes_settings *s,
                        mes_warn_fn warn, void *ctx, char *errbuf,
                        size_t errn);

#endif
