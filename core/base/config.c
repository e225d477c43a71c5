/*
 * mes.ini reader.  iniparser does the tokenising; what it gets wrong for a
 * plant (duplicate keys that silently win, base-0 integers, joined lines,
 * errors printed on stderr) is caught here.  mes.ini(5) is the user's view
 * of the same rules.
 */
#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <iniparser.h>

#include "config_int.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc/mes"
#endif

struct mes_ini {
	dictionary *d;
	char *path;
};

/* ---- iniparser's error callback ---------------------------------------- */

/*
 * iniparser has one global callback and no context pointer, so the first
 * message of the load in progress is kept here.  The programs are single
 * threaded; a threaded caller must not run two loads at once.
 */
static char cb_text[512];
static int cb_capture;

static int ini_errback(const char *fmt, ...)
{
	va_list ap;

	if (!cb_capture || cb_text[0])
		return 0;
	va_start(ap, fmt);
	vsnprintf(cb_text, sizeof cb_text, fmt, ap);
	va_end(ap);
	return 0;
}

/* iniparser's messages span lines ("...(3):\n-> text\n"): make one line. */
static void cb_message(char *dst, size_t n)
{
	size_t i, o = 0;
	int space = 0;

	for (i = 0; cb_text[i] && o + 1 < n; i++) {
		unsigned char c = (unsigned char)cb_text[i];

		if (isspace(c)) {
			space = o > 0;
			continue;
		}
		if (space && o + 2 < n)
			dst[o++] = ' ';
		space = 0;
		dst[o++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	dst[o] = '\0';
}

/* ---- loading ------------------------------------------------------------ */

static int check_file(const char *path, char *errbuf, size_t errn)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		msg_set(errbuf, errn, "%s: %s", path, strerror(errno));
		return MES_ERR_CONFIG;
	}
	/* A directory opens fine and reads as an empty file. */
	if (!S_ISREG(st.st_mode)) {
		msg_set(errbuf, errn, "%s: not a regular file", path);
		return MES_ERR_CONFIG;
	}
	if (st.st_size > INI_FILE_MAX) {
		msg_set(errbuf, errn, "%s: larger than %ld bytes", path,
		       INI_FILE_MAX);
		return MES_ERR_CONFIG;
	}
	return MES_OK;
}

static int parse(struct mes_ini *ini, int syntax_line, char *errbuf,
                 size_t errn)
{
	char msg[sizeof cb_text];

	/* Installed on every load: nothing may ever reach stderr. */
	iniparser_set_error_callback(ini_errback);
	cb_text[0] = '\0';
	cb_capture = 1;
	ini->d = iniparser_load(ini->path);
	cb_capture = 0;
	if (!ini->d && !cb_text[0]) {
		msg_set(errbuf, errn, "%s: out of memory", ini->path);
		return MES_ERR_NOMEM;
	}
	/* After an allocation failure iniparser returns what it had read. */
	if (cb_text[0]) {
		cb_message(msg, sizeof msg);
		msg_set(errbuf, errn, "%s", msg);
		return MES_ERR_CONFIG;
	}
	if (syntax_line) {
		msg_set(errbuf, errn, "%s:%d: syntax error: expected "
		       "\"[section]\" or \"key = value\"", ini->path,
		       syntax_line);
		return MES_ERR_CONFIG;
	}
	return MES_OK;
}

int mes_ini_load(const char *path, struct mes_ini **out, char *errbuf,
                 size_t errn)
{
	struct mes_ini *ini;
	int rc, syntax_line = 0;

	if (!out)
		return MES_ERR_ARG;
	*out = NULL;
	if (!path || !*path) {
		msg_set(errbuf, errn, "no configuration file name");
		return MES_ERR_ARG;
	}
	rc = check_file(path, errbuf, errn);
	if (rc == MES_OK)
		rc = config_prescan(path, &syntax_line, errbuf, errn);
	if (rc != MES_OK)
		return rc;
	ini = calloc(1, sizeof *ini);
	if (ini)
		ini->path = strdup(path);
	if (!ini || !ini->path) {
		free(ini);
		msg_set(errbuf, errn, "%s: out of memory", path);
		return MES_ERR_NOMEM;
	}
	rc = parse(ini, syntax_line, errbuf, errn);
	if (rc != MES_OK) {
		mes_ini_free(ini);
		return rc;
	}
	*out = ini;
	return MES_OK;
}

void mes_ini_free(struct mes_ini *ini)
{
	if (!ini)
		return;
	if (ini->d)
		iniparser_freedict(ini->d);
	free(ini->path);
	free(ini);
}

const char *mes_ini_path(const struct mes_ini *ini)
{
	return ini ? ini->path : NULL;
}

/* ---- finding the file --------------------------------------------------- */

static int put_path(const char *path, char *out, size_t n, char *errbuf,
                    size_t errn)
{
	if (strlen(path) >= n) {
		msg_set(errbuf, errn, "%s: path too long", path);
		return MES_ERR_ARG;
	}
	memcpy(out, path, strlen(path) + 1);
	return MES_OK;
}

/* A file the user named: its absence is an error, not a fallback. */
static int must_exist(const char *path, const char *from, char *out,
                      size_t n, char *errbuf, size_t errn)
{
	struct stat st;

	if (!*path) {
		msg_set(errbuf, errn, "%sempty configuration file name", from);
		return MES_ERR_CONFIG;
	}
	if (stat(path, &st) != 0) {
		msg_set(errbuf, errn, "%s%s: %s", from, path, strerror(errno));
		return MES_ERR_CONFIG;
	}
	return put_path(path, out, n, errbuf, errn);
}

int mes_config_find(const char *explicit_path, char *out, size_t n,
                    char *errbuf, size_t errn)
{
	static const char *const fallback[] = {
		"mes.ini", SYSCONFDIR "/mes.ini", NULL
	};
	struct stat st;
	const char *env;
	int i;

	if (!out || !n)
		return MES_ERR_ARG;
	out[0] = '\0';
	if (explicit_path)
		return must_exist(explicit_path, "", out, n, errbuf, errn);
	env = getenv("MES_CONFIG");
	if (env && *env)
		return must_exist(env, "$MES_CONFIG: ", out, n, errbuf, errn);
	for (i = 0; fallback[i]; i++) {
		/*
		 * Anything there but unreadable is taken, so that loading
		 * fails loudly instead of falling back to another file.
		 */
		if (stat(fallback[i], &st) == 0 ||
		    (errno != ENOENT && errno != ENOTDIR))
			return put_path(fallback[i], out, n, errbuf, errn);
	}
	return MES_OK;
}

/* ---- values ------------------------------------------------------------- */

static const char *lookup(const struct mes_ini *ini, const char *sec,
                          const char *key)
{
	char k[INI_KEY_MAX + 1];
	int r;

	if (!ini || !sec || !key)
		return NULL;
	r = snprintf(k, sizeof k, "%s:%s", sec, key);
	if (r < 0 || (size_t)r >= sizeof k)
		return NULL;
	/* NULL for a section name, so none of the CVE-2023-33461 paths. */
	return iniparser_getstring(ini->d, k, NULL);
}

const char *mes_ini_str(const struct mes_ini *ini, const char *sec,
                        const char *key)
{
	return lookup(ini, sec, key);
}

static int bad_value(const struct mes_ini *ini, const char *sec,
                     const char *key, const char *val, const char *want,
                     char *errbuf, size_t errn)
{
	char q[QUOTE_MAX];

	msg_set(errbuf, errn, "%s: [%s] %s = \"%s\": expected %s", ini->path,
	       sec, key, mes_text_safe(q, sizeof q, val), want);
	return MES_ERR_CONFIG;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Base 10 only: "010" is ten and "0x10" is an error, unlike strtol(,0). */
static int parse_long(const char *s, long *out)
{
	const char *p = s;
	char *end;
	long v;

	if (*p == '+' || *p == '-')
		p++;
	if (!is_digit(*p))
		return -1;
	while (is_digit(*p))
		p++;
	if (*p)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno == ERANGE || *end)
		return -1;
	*out = v;
	return 0;
}

int mes_ini_int(const struct mes_ini *ini, const char *sec, const char *key,
                long min, long max, long def, long *out, char *errbuf,
                size_t errn)
{
	const char *v;
	char want[96];
	long l;

	if (!out)
		return MES_ERR_ARG;
	*out = def;
	v = lookup(ini, sec, key);
	if (!v)
		return MES_OK;
	if (parse_long(v, &l) != 0 || l < min || l > max) {
		snprintf(want, sizeof want, "a whole number from %ld to %ld",
		         min, max);
		return bad_value(ini, sec, key, v, want, errbuf, errn);
	}
	*out = l;
	return MES_OK;
}

/* Skips the digits strtod would take; returns how many there were. */
static int skip_digits(const char **p)
{
	int n = 0;

	while (is_digit(**p)) {
		(*p)++;
		n++;
	}
	return n;
}

/*
 * Plain decimal only: strtod would also take "inf", "nan" and hex floats,
 * and in the user's locale "1.5" may stop at the '.'.
 */
static int parse_double(const char *s, double *out)
{
	const char *p = s;
	locale_t c, old;
	char *end;
	double v;
	int digits, e;

	if (*p == '+' || *p == '-')
		p++;
	digits = skip_digits(&p);
	if (*p == '.') {
		p++;
		digits += skip_digits(&p);
	}
	if (!digits)
		return -1;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!skip_digits(&p))
			return -1;
	}
	if (*p)
		return -1;
	c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (c == (locale_t)0)
		return -2;
	old = uselocale(c);
	errno = 0;
	v = strtod(s, &end);
	e = errno;
	uselocale(old);
	freelocale(c);
	if (e == ERANGE || *end)
		return -1;
	*out = v;
	return 0;
}

int mes_ini_double(const struct mes_ini *ini, const char *sec,
                   const char *key, double min, double max, double def,
                   double *out, char *errbuf, size_t errn)
{
	const char *v;
	char want[96];
	double d;
	int r;

	if (!out)
		return MES_ERR_ARG;
	*out = def;
	v = lookup(ini, sec, key);
	if (!v)
		return MES_OK;
	r = parse_double(v, &d);
	if (r == -2) {
		msg_set(errbuf, errn, "%s: out of memory", ini->path);
		return MES_ERR_NOMEM;
	}
	if (r != 0 || d < min || d > max) {
		snprintf(want, sizeof want, "a number from %g to %g", min, max);
		return bad_value(ini, sec, key, v, want, errbuf, errn);
	}
	*out = d;
	return MES_OK;
}

int mes_ini_bool(const struct mes_ini *ini, const char *sec, const char *key,
                 int def, int *out, char *errbuf, size_t errn)
{
	static const struct {
		const char *word;
		int val;
	} words[] = {
		{ "yes", 1 }, { "no", 0 }, { "true", 1 }, { "false", 0 },
		{ "on", 1 }, { "off", 0 }, { "1", 1 }, { "0", 0 },
	};
	const char *v;
	size_t i;

	if (!out)
		return MES_ERR_ARG;
	*out = def;
	v = lookup(ini, sec, key);
	if (!v)
		return MES_OK;
	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (!strcasecmp(v, words[i].word)) {
			*out = words[i].val;
			return MES_OK;
		}
	}
	return bad_value(ini, sec, key, v, "yes or no (or true/false, on/off, "
	                 "1/0)", errbuf, errn);
}

int mes_ini_enum(const struct mes_ini *ini, const char *sec, const char *key,
                 const char *const *choices, int def, int *out,
                 char *errbuf, size_t errn)
{
	char want[256];
	size_t len;
	const char *v;
	int i;

	if (!out || !choices)
		return MES_ERR_ARG;
	*out = def;
	v = lookup(ini, sec, key);
	if (!v)
		return MES_OK;
	for (i = 0; choices[i]; i++) {
		if (!strcasecmp(v, choices[i])) {
			*out = i;
			return MES_OK;
		}
	}
	snprintf(want, sizeof want, "one of:");
	for (i = 0; choices[i]; i++) {
		len = strlen(want);
		snprintf(want + len, sizeof want - len, "%s %s",
		         i ? "," : "", choices[i]);
	}
	return bad_value(ini, sec, key, v, want, errbuf, errn);
}

/* ---- walking sections and keys ------------------------------------------ */

int mes_ini_nsections(const struct mes_ini *ini)
{
	int n;

	if (!ini)
		return 0;
	n = iniparser_getnsec(ini->d);
	return n < 0 ? 0 : n;
}

const char *mes_ini_section(const struct mes_ini *ini, int i)
{
	if (!ini || i < 0 || i >= mes_ini_nsections(ini))
		return NULL;
	return iniparser_getsecname(ini->d, i);
}

/*
 * iniparser writes "section:" into a 1025-byte buffer without checking the
 * length, and not every 4.x release folds the case there.
 */
static int fold_sec(const char *sec, char *buf, size_t n)
{
	if (!sec || strlen(sec) + 2 > n)
		return -1;
	memcpy(buf, sec, strlen(sec) + 1);
	config_fold(buf);
	return 0;
}

int mes_ini_nkeys(const struct mes_ini *ini, const char *sec)
{
	char s[INI_LINE_MAX + 1];

	if (!ini || fold_sec(sec, s, sizeof s) != 0)
		return 0;
	return iniparser_getsecnkeys(ini->d, s);
}

/* All key names of sec, with their "section:" prefix; NULL if none. */
static const char **sec_keys(const struct mes_ini *ini, const char *sec,
                             int *n)
{
	char s[INI_LINE_MAX + 1];
	const char **keys;

	*n = mes_ini_nkeys(ini, sec);
	if (*n <= 0 || fold_sec(sec, s, sizeof s) != 0)
		return NULL;
	keys = calloc((size_t)*n, sizeof *keys);
	if (keys && !iniparser_getseckeys(ini->d, s, keys)) {
		free(keys);
		keys = NULL;
	}
	return keys;
}

const char *mes_ini_key(const struct mes_ini *ini, const char *sec, int i)
{
	const char **keys, *k = NULL;
	int n;

	keys = sec_keys(ini, sec, &n);
	if (keys && i >= 0 && i < n)
		k = keys[i] + strlen(sec) + 1;
	free(keys);
	return k;
}

/* ---- the core settings -------------------------------------------------- */

enum opt_type { OPT_STR, OPT_INT, OPT_BOOL, OPT_ENUM };

/* One key of struct mes_settings; its default is the field's value. */
struct opt {
	const char *sec;
	const char *key;
	enum opt_type type;
	long min, max;                  /* OPT_INT */
	const char *const *choices;     /* OPT_ENUM, indexed by value */
	size_t off;
	size_t size;
};

static const char *const hash_costs[] = {
	[MES_HASH_INTERACTIVE] = "interactive",
	[MES_HASH_MODERATE] = "moderate",
	[MES_HASH_FAST] = "fast",
	[MES_HASH_FAST + 1] = NULL,
};

/* OPT_BOOL and OPT_ENUM fields are written through an int pointer. */
_Static_assert(sizeof(enum mes_hash_cost) == sizeof(int),
               "enum mes_hash_cost must be int-sized");

#define FIELD(f) offsetof(struct mes_settings, f), \
	sizeof(((struct mes_settings *)0)->f)

static const struct opt opts[] = {
	{ "database", "path", OPT_STR, 0, 0, NULL, FIELD(db_path) },
	{ "database", "busy_timeout_ms", OPT_INT, 100, 600000, NULL,
	  FIELD(busy_timeout_ms) },
	{ "database", "writer_queue", OPT_BOOL, 0, 0, NULL,
	  FIELD(writer_queue) },
	{ "database", "cache_kb", OPT_INT, 64, 1048576, NULL, FIELD(cache_kb) },
	{ "auth", "max_failures", OPT_INT, 1, 100, NULL, FIELD(max_failures) },
	{ "auth", "failure_window_minutes", OPT_INT, 1, 43200, NULL,
	  FIELD(failure_window_min) },
	{ "auth", "terminal_max_failures", OPT_INT, 1, 10000, NULL,
	  FIELD(terminal_max_failures) },
	{ "auth", "idle_lock_seconds", OPT_INT, 0, 86400, NULL,
	  FIELD(idle_lock_s) },
	{ "auth", "unix_login", OPT_BOOL, 0, 0, NULL, FIELD(unix_login) },
	{ "auth", "min_pin_length", OPT_INT, 4, 64, NULL, FIELD(min_pin_len) },
	{ "auth", "hash_cost", OPT_ENUM, 0, 0, hash_costs, FIELD(hash_cost) },
	{ "dispatch", "max_open_labor", OPT_INT, 1, 20, NULL,
	  FIELD(max_open_labor) },
	{ "dispatch", "over_report_pct", OPT_INT, 0, 1000, NULL,
	  FIELD(over_report_pct) },
	{ "audit", "key_file", OPT_STR, 0, 0, NULL, FIELD(audit_key_file) },
	{ "food", "atp_max_rlu", OPT_INT, 1, 100000, NULL, FIELD(atp_max_rlu) },
	{ "food", "require_atp", OPT_BOOL, 0, 0, NULL, FIELD(require_atp) },
	{ "food", "changeover_min", OPT_INT, 0, 1440, NULL,
	  FIELD(changeover_min) },
	{ "dispatch", "unit_label_printer", OPT_STR, 0, 0, NULL,
	  FIELD(unit_label_printer) },
	{ "dispatch", "unit_label_template", OPT_STR, 0, 0, NULL,
	  FIELD(unit_label_template) },
};

#define NOPTS (sizeof opts / sizeof opts[0])

/*
 * Sections that later modules read themselves: known, so they do not warn
 * here, but their keys are those modules' business.
 */
static const char *const known_sections[] = {
	"ui", "scanner", "scan", "collect", "quality", "maint", "dispatch",
	"schedule", "exchange", "hub", NULL
};
/* One section per device or keymap: [plc line1], [plc.line1], [keys.board]. */
static const char *const known_prefixes[] = { "plc ", "plc.", "keys.", NULL };

static int apply_str(const struct mes_ini *ini, const struct opt *o,
                     char *field, char *errbuf, size_t errn)
{
	const char *v = lookup(ini, o->sec, o->key);
	char want[64];

	if (!v)
		return MES_OK;
	if (!*v)
		return bad_value(ini, o->sec, o->key, v, "a non-empty value",
		                 errbuf, errn);
	if (strlen(v) >= o->size) {
		snprintf(want, sizeof want, "at most %zu bytes", o->size - 1);
		return bad_value(ini, o->sec, o->key, v, want, errbuf, errn);
	}
	memcpy(field, v, strlen(v) + 1);
	return MES_OK;
}

static int apply_opt(const struct mes_ini *ini, const struct opt *o,
                     struct mes_settings *s, char *errbuf, size_t errn)
{
	char *field = (char *)s + o->off;
	int *ip = (int *)(void *)field;
	long l;
	int rc;

	switch (o->type) {
	case OPT_STR:
		return apply_str(ini, o, field, errbuf, errn);
	case OPT_INT:
		rc = mes_ini_int(ini, o->sec, o->key, o->min, o->max, *ip, &l,
		                 errbuf, errn);
		if (rc == MES_OK)
			*ip = (int)l;
		return rc;
	case OPT_BOOL:
		return mes_ini_bool(ini, o->sec, o->key, *ip, ip, errbuf, errn);
	case OPT_ENUM:
		return mes_ini_enum(ini, o->sec, o->key, o->choices, *ip, ip,
		                    errbuf, errn);
	}
	return MES_ERR_ARG;
}

static int section_owned(const char *sec)
{
	size_t i;

	for (i = 0; i < NOPTS; i++)
		if (!strcmp(opts[i].sec, sec))
			return 1;
	return 0;
}

static int section_known(const char *sec)
{
	size_t len;
	int i;

	if (section_owned(sec))
		return 1;
	for (i = 0; known_sections[i]; i++)
		if (!strcmp(known_sections[i], sec))
			return 1;
	for (i = 0; known_prefixes[i]; i++) {
		len = strlen(known_prefixes[i]);
		if (!strncmp(known_prefixes[i], sec, len) && sec[len])
			return 1;
	}
	return 0;
}

static int key_known(const char *sec, const char *key)
{
	size_t i;

	for (i = 0; i < NOPTS; i++)
		if (!strcmp(opts[i].sec, sec) && !strcmp(opts[i].key, key))
			return 1;
	return 0;
}

static void warn_keys(const struct mes_ini *ini, const char *sec,
                      mes_warn_fn warn, void *ctx)
{
	char msg[512], qs[QUOTE_MAX], qk[QUOTE_MAX];
	const char **keys, *k;
	int i, n;

	keys = sec_keys(ini, sec, &n);
	for (i = 0; keys && i < n; i++) {
		k = keys[i] + strlen(sec) + 1;
		if (key_known(sec, k))
			continue;
		snprintf(msg, sizeof msg, "%s: [%s] %s: unknown key, ignored",
		         ini->path, mes_text_safe(qs, sizeof qs, sec),
		         mes_text_safe(qk, sizeof qk, k));
		warn(msg, ctx);
	}
	free(keys);
}

static void warn_unknown(const struct mes_ini *ini, mes_warn_fn warn,
                         void *ctx)
{
	char msg[512], q[QUOTE_MAX];
	const char *sec;
	int i, n = mes_ini_nsections(ini);

	for (i = 0; i < n; i++) {
		sec = mes_ini_section(ini, i);
		if (!sec)
			continue;
		if (section_owned(sec)) {
			warn_keys(ini, sec, warn, ctx);
		} else if (!section_known(sec)) {
			snprintf(msg, sizeof msg,
			         "%s: [%s]: unknown section, ignored",
			         ini->path, mes_text_safe(q, sizeof q, sec));
			warn(msg, ctx);
		}
	}
}

int mes_config_settings(const struct mes_ini *ini, struct mes_settings *s,
                        mes_warn_fn warn, void *ctx, char *errbuf,
                        size_t errn)
{
	struct mes_settings tmp;
	size_t i;
	int rc;

	if (!s)
		return MES_ERR_ARG;
	mes_settings_default(s);
	if (!ini)
		return MES_OK;
	if (warn)
		warn_unknown(ini, warn, ctx);
	/* Into a copy, so that a bad file leaves *s at the defaults. */
	tmp = *s;
	for (i = 0; i < NOPTS; i++) {
		rc = apply_opt(ini, &opts[i], &tmp, errbuf, errn);
		if (rc != MES_OK)
			return rc;
	}
	*s = tmp;
	return MES_OK;
}
