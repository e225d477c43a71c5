/* mes.ini: real files in a temporary directory, read through config.h. */
#include <dirent.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "testhelp.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc/mes"
#endif

static char tmpdir[] = "/tmp/mes-test-config.XXXXXX";
static char err[1024];

struct warns {
	int n;
	char all[4096];
};

static void collect(const char *msg, void *ctx)
{
	struct warns *w = ctx;
	size_t len = strlen(w->all);

	w->n++;
	snprintf(w->all + len, sizeof w->all - len, "%s\n", msg);
}

/* path inside tmpdir; four buffers, so a call can take two or three. */
static const char *tp(const char *name)
{
	static char buf[4][512];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof buf[i], "%s/%s", tmpdir, name);
	return buf[i];
}

static void put(const char *name, const char *text)
{
	FILE *f = fopen(tp(name), "w");

	if (!f || fputs(text, f) == EOF || fclose(f) != 0) {
		perror(tp(name));
		exit(2);
	}
}

static void put_bytes(const char *name, const char *p, size_t n)
{
	FILE *f = fopen(tp(name), "w");

	if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
		perror(tp(name));
		exit(2);
	}
}

/* Writes mes.ini, loads it and fills *s; warnings go to w. */
static int settings_of(const char *text, struct mes_settings *s,
                       struct warns *w)
{
	struct mes_ini *ini;
	int rc;

	memset(w, 0, sizeof *w);
	err[0] = '\0';
	put("mes.ini", text);
	rc = mes_ini_load(tp("mes.ini"), &ini, err, sizeof err);
	if (rc != MES_OK) {
		mes_settings_default(s);
		return rc;
	}
	rc = mes_config_settings(ini, s, collect, w, err, sizeof err);
	mes_ini_free(ini);
	return rc;
}

static int load_only(const char *text)
{
	struct mes_ini *ini = NULL;
	int rc;

	err[0] = '\0';
	put("mes.ini", text);
	rc = mes_ini_load(tp("mes.ini"), &ini, err, sizeof err);
	T_CHECK(rc == MES_OK || ini == NULL);
	mes_ini_free(ini);
	return rc;
}

static int same_settings(const struct mes_settings *a,
                         const struct mes_settings *b)
{
	return !strcmp(a->db_path, b->db_path) &&
	       a->busy_timeout_ms == b->busy_timeout_ms &&
	       a->max_failures == b->max_failures &&
	       a->idle_lock_s == b->idle_lock_s &&
	       a->unix_login == b->unix_login &&
	       a->min_pin_len == b->min_pin_len &&
	       a->hash_cost == b->hash_cost;
}

static void test_defaults(void)
{
	struct mes_settings s, def;
	struct warns w;

	mes_settings_default(&def);
	T_CASE("no file: defaults");
	memset(&s, 0x5a, sizeof s);
	T_CHECK_RC(mes_config_settings(NULL, &s, collect, &w, err,
	                               sizeof err), MES_OK);
	T_CHECK(same_settings(&s, &def));
	T_CHECK_STR(s.db_path, "/var/lib/mes/plant.db");
	T_CHECK(s.busy_timeout_ms == 10000 && s.max_failures == 5);
	T_CHECK(s.idle_lock_s == 300 && s.unix_login == 1);
	T_CHECK(s.min_pin_len == 4 && s.hash_cost == MES_HASH_INTERACTIVE);

	T_CASE("empty file and comments only: defaults, no warnings");
	T_CHECK_RC(settings_of("", &s, &w), MES_OK);
	T_CHECK(same_settings(&s, &def) && w.n == 0);
	T_CHECK_RC(settings_of("# nothing\n; here\n\n   \n[auth]\n", &s, &w),
	           MES_OK);
	T_CHECK(same_settings(&s, &def) && w.n == 0);

	T_CASE("a file saved with a byte order mark says so, visibly");
	T_CHECK_RC(settings_of("\xEF\xBB\xBF[auth]\nmax_failures = 3\n", &s,
	                       &w), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "starts with a UTF-8 byte order mark");
	T_CHECK(strstr(err, "\xEF\xBB\xBF") == NULL);
	T_CHECK_RC(settings_of("[auth]\nmax_failures = 3\n", &s, &w), MES_OK);
	T_CHECK(s.max_failures == 3);
}

static void test_valid(void)
{
	struct mes_settings s;
	struct warns w;

	T_CASE("every key set");
	T_CHECK_RC(settings_of("[database]\n"
	                       "path = /srv/mes/line 1.db\n"
	                       "busy_timeout_ms = 2500\n"
	                       "[auth]\n"
	                       "max_failures = 3\n"
	                       "idle_lock_seconds = 0\n"
	                       "unix_login = no\n"
	                       "min_pin_length = 6\n"
	                       "hash_cost = moderate\n", &s, &w), MES_OK);
	T_CHECK_STR(s.db_path, "/srv/mes/line 1.db");
	T_CHECK(s.busy_timeout_ms == 2500);
	T_CHECK(s.max_failures == 3);
	T_CHECK(s.idle_lock_s == 0);
	T_CHECK(s.unix_login == 0);
	T_CHECK(s.min_pin_len == 6);
	T_CHECK(s.hash_cost == MES_HASH_MODERATE);
	T_CHECK(w.n == 0);

	T_CASE("range ends are accepted");
	T_CHECK_RC(settings_of("[database]\nbusy_timeout_ms = 100\n"
	                       "[auth]\nmax_failures = 100\n"
	                       "idle_lock_seconds = 86400\n"
	                       "min_pin_length = 64\n", &s, &w), MES_OK);
	T_CHECK(s.busy_timeout_ms == 100 && s.max_failures == 100);
	T_CHECK(s.idle_lock_s == 86400 && s.min_pin_len == 64);
	T_CHECK_RC(settings_of("[database]\nbusy_timeout_ms = 600000\n"
	                       "[auth]\nmax_failures = +1\n", &s, &w), MES_OK);
	T_CHECK(s.busy_timeout_ms == 600000 && s.max_failures == 1);

	T_CASE("leading zeros are base 10: 009600 is 9600");
	T_CHECK_RC(settings_of("[database]\nbusy_timeout_ms = 009600\n", &s,
	                       &w), MES_OK);
	T_CHECK(s.busy_timeout_ms == 9600);
	T_CHECK_RC(settings_of("[auth]\nmax_failures = 010\n", &s, &w),
	           MES_OK);
	T_CHECK(s.max_failures == 10);
}

/* One bad max_failures value: error names file, section, key, value. */
static void bad_max_failures(const char *val)
{
	struct mes_settings s, def;
	struct warns w;
	char text[256], want[256];

	mes_settings_default(&def);
	snprintf(text, sizeof text, "[auth]\nmin_pin_length = 8\n"
	         "max_failures = %s\n", val);
	T_CHECK_RC(settings_of(text, &s, &w), MES_ERR_CONFIG);
	snprintf(want, sizeof want, "%s: [auth] max_failures = \"%s\": "
	         "expected a whole number from 1 to 100", tp("mes.ini"), val);
	T_CHECK_STR(err, want);
	/* A rejected file leaves nothing half-applied. */
	T_CHECK(same_settings(&s, &def));
}

static void test_bad_numbers(void)
{
	T_CASE("\"abc\" is not a number");
	bad_max_failures("abc");
	T_CASE("\"0x10\" is not base 10");
	bad_max_failures("0x10");
	T_CASE("\"12abc\" has trailing junk");
	bad_max_failures("12abc");
	T_CASE("out of range: 0, 101, -5, huge");
	bad_max_failures("0");
	bad_max_failures("101");
	bad_max_failures("-5");
	bad_max_failures("99999999999999999999999999");
	T_CASE("other junk: 1.5, 1e2, quoted spaces, sign alone");
	bad_max_failures("1.5");
	bad_max_failures("1e2");
	bad_max_failures("+");
	bad_max_failures("- 3");
	T_CASE("empty value is an error, not the default");
	bad_max_failures("");
	{
		struct mes_settings s;
		struct warns w;

		T_CHECK_RC(settings_of("[auth]\nmax_failures = \"\"\n", &s, &w),
		           MES_ERR_CONFIG);
		T_CHECK_HAS(err, "[auth] max_failures = \"\": expected");
		T_CHECK_RC(settings_of("[auth]\nmax_failures = \" 5\"\n", &s,
		                       &w), MES_ERR_CONFIG);
		T_CHECK_HAS(err, "[auth] max_failures = \" 5\": expected");
		T_CHECK_RC(settings_of("[database]\npath =\n", &s, &w),
		           MES_ERR_CONFIG);
		T_CHECK_HAS(err, "mes.ini: [database] path = \"\": expected a "
		            "non-empty value");
	}
	T_CASE("each integer key checks its own range");
	{
		struct mes_settings s;
		struct warns w;

		T_CHECK_RC(settings_of("[database]\nbusy_timeout_ms = 99\n", &s,
		                       &w), MES_ERR_CONFIG);
		T_CHECK_HAS(err, "[database] busy_timeout_ms = \"99\": expected "
		            "a whole number from 100 to 600000");
		T_CHECK_RC(settings_of("[auth]\nidle_lock_seconds = 86401\n",
		                       &s, &w), MES_ERR_CONFIG);
		T_CHECK_HAS(err, "from 0 to 86400");
		T_CHECK_RC(settings_of("[auth]\nmin_pin_length = 3\n", &s, &w),
		           MES_ERR_CONFIG);
		T_CHECK_HAS(err, "[auth] min_pin_length = \"3\": expected a "
		            "whole number from 4 to 64");
	}
}

static void test_duplicates(void)
{
	struct mes_settings s;
	struct warns w;

	T_CASE("duplicate key: error with both line numbers");
	T_CHECK_RC(settings_of("[auth]\nmax_failures = 3\n# c\n"
	                       "max_failures = 4\n", &s, &w), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "mes.ini:4: duplicate key \"max_failures\" in "
	            "[auth] (first set on line 2)");
	T_CHECK(s.max_failures == 5);

	T_CASE("duplicate across a reopened section and by case");
	T_CHECK_RC(load_only("[auth]\nhash_cost = fast\n[database]\n"
	                     "path = /x\n[AUTH]\nHash_Cost = moderate\n"),
	           MES_ERR_CONFIG);
	T_CHECK_HAS(err, "mes.ini:6: duplicate key \"hash_cost\" in [auth]");
	T_CHECK_HAS(err, "first set on line 2");

	T_CASE("the first duplicate in the file is the one reported");
	T_CHECK_RC(load_only("[b]\nz = 1\ny = 1\n[a]\nx = 1\nx = 2\n"
	                     "[b]\nz = 3\nx = 1\n"), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "mes.ini:6: duplicate key \"x\" in [a]");

	T_CASE("same key in two sections is not a duplicate");
	T_CHECK_RC(load_only("[plc a]\nhost = 1\n[plc b]\nhost = 2\n"),
	           MES_OK);
}

static void test_long_lines(void)
{
	char text[2200];
	size_t n;

	T_CASE("line of 1022 bytes is accepted");
	n = (size_t)snprintf(text, sizeof text, "[ui]\nk = ");
	memset(text + n, 'x', 1022 - 4);
	snprintf(text + n + 1018, sizeof text - n - 1018, "\nz = 1\n");
	T_CHECK_RC(load_only(text), MES_OK);

	T_CASE("line of 1023 bytes: error with its line number");
	n = (size_t)snprintf(text, sizeof text, "[ui]\n# c\nk = ");
	memset(text + n, 'x', 1023 - 4);
	snprintf(text + n + 1019, sizeof text - n - 1019, "\nz = 1\n");
	T_CHECK_RC(load_only(text), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "mes.ini:3: line is longer than 1022 bytes");

	T_CASE("line of 2000 bytes, and a long last line without newline");
	n = (size_t)snprintf(text, sizeof text, "[ui]\nk = ");
	memset(text + n, 'x', 2000);
	text[n + 2000] = '\0';
	T_CHECK_RC(load_only(text), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "mes.ini:2: line is longer than 1022 bytes");
}

static void test_syntax(void)
{
	char bytes[] = "[ui]\nk = a\0b\n";

	T_CASE("syntax error names the line");
	T_CHECK_RC(load_only("[auth]\nmax_failures = 3\nnoequals\n"),
	           MES_ERR_CONFIG);
	T_CHECK_HAS(err, "syntax error");
	T_CHECK_HAS(err, "mes.ini (3)");
	T_CHECK(!strchr(err, '\n'));

	T_CASE("a comment after a section header is a syntax error");
	T_CHECK_RC(load_only("[auth] ; the auth section\nmax_failures = 3\n"),
	           MES_ERR_CONFIG);
	T_CHECK_HAS(err, "(1)");
	T_CHECK_RC(load_only("[auth]\n= 3\n"), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "(2)");

	T_CASE("continuation lines are refused, even after a comment");
	T_CHECK_RC(load_only("[auth]\n# see C:\\\nmax_failures = 3\n"),
	           MES_ERR_CONFIG);
	T_CHECK_HAS(err, "mes.ini:2: line ends with a backslash");
	T_CHECK_RC(load_only("[ui]\nk = a \\  \n  b\n"), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "mes.ini:2:");

	T_CASE("key before any section, bad section names, NUL byte");
	T_CHECK_RC(load_only("# top\nmax_failures = 3\n[auth]\n"),
	           MES_ERR_CONFIG);
	T_CHECK_HAS(err, "mes.ini:2: key before the first [section]");
	T_CHECK_RC(load_only("[auth]\n[a:b]\nk = 1\n"), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "mes.ini:2: section name \"a:b\" contains ':'");
	T_CHECK_RC(load_only("[ ]\nk = 1\n"), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "mes.ini:1: empty section name");
	T_CHECK_RC(load_only("[a]]\nk = 1\n"), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "mes.ini:1:");
	put_bytes("nul.ini", bytes, sizeof bytes - 1);
	{
		struct mes_ini *ini;

		T_CHECK_RC(mes_ini_load(tp("nul.ini"), &ini, err, sizeof err),
		           MES_ERR_CONFIG);
		T_CHECK(ini == NULL);
		T_CHECK_HAS(err, "nul.ini:2: contains a NUL byte");
	}

	T_CASE("CRLF line ends are fine");
	{
		struct mes_settings s;
		struct warns w;

		T_CHECK_RC(settings_of("[auth]\r\nmax_failures = 7\r\n", &s,
		                       &w), MES_OK);
		T_CHECK(s.max_failures == 7);
	}
}

static void test_quoting(void)
{
	struct mes_settings s;
	struct warns w;

	T_CASE("quoted value keeps # and ;");
	T_CHECK_RC(settings_of("[database]\npath = \"/srv/a#1;b.db\" # c\n",
	                       &s, &w), MES_OK);
	T_CHECK_STR(s.db_path, "/srv/a#1;b.db");

	T_CASE("unquoted # and ; start a comment (the documented trap)");
	T_CHECK_RC(settings_of("[database]\npath = /srv/a#1.db\n", &s, &w),
	           MES_OK);
	T_CHECK_STR(s.db_path, "/srv/a");
	T_CHECK_RC(settings_of("[auth]\nmax_failures = 4 ; four\n", &s, &w),
	           MES_OK);
	T_CHECK(s.max_failures == 4);

	T_CASE("control bytes in a value are not echoed");
	T_CHECK_RC(settings_of("[auth]\nmax_failures = \"\033[2J\"\n", &s,
	                       &w), MES_ERR_CONFIG);
	T_CHECK(!strchr(err, '\033'));
	T_CHECK_HAS(err, "= \"?[2J\"");
}

static void test_unknown(void)
{
	struct mes_settings s;
	struct warns w;

	T_CASE("unknown key in [auth]: a warning, not an error");
	T_CHECK_RC(settings_of("[auth]\nmax_failure = 3\nmax_failures = 4\n",
	                       &s, &w), MES_OK);
	T_CHECK(w.n == 1);
	T_CHECK_HAS(w.all, "mes.ini: [auth] max_failure: unknown key");
	T_CHECK(s.max_failures == 4);

	T_CASE("unknown section: a warning, not an error");
	T_CHECK_RC(settings_of("[databse]\npath = /x\n", &s, &w), MES_OK);
	T_CHECK(w.n == 1);
	T_CHECK_HAS(w.all, "mes.ini: [databse]: unknown section");
	T_CHECK_STR(s.db_path, "/var/lib/mes/plant.db");

	T_CASE("later modules' sections and [plc line1] do not warn");
	T_CHECK_RC(settings_of("[plc line1]\nhost = 10.0.0.5\n"
	                       "[PLC Line2]\nport = 502\n"
	                       "[plc.press3]\nunit = 1\n"
	                       "[keys.board]\nq = quit\n"
	                       "[ui]\nline_graphics = auto\n[scanner]\n"
	                       "[scan]\n[collect]\n[quality]\n[maint]\n"
	                       "[dispatch]\n[schedule]\n[exchange]\n",
	                       &s, &w), MES_OK);
	T_CHECK(w.n == 0);

	T_CASE("a bare prefix is not a section of its own");
	T_CHECK_RC(settings_of("[plc]\nhost = 1\n[plc.]\n", &s, &w), MES_OK);
	T_CHECK(w.n == 2);
	T_CHECK_HAS(w.all, "[plc]: unknown section");
	T_CHECK_HAS(w.all, "[plc.]: unknown section");

	T_CASE("warn may be NULL");
	{
		struct mes_ini *ini;

		put("w.ini", "[nope]\nx = 1\n[auth]\ny = 2\n");
		T_CHECK_RC(mes_ini_load(tp("w.ini"), &ini, err, sizeof err),
		           MES_OK);
		T_CHECK_RC(mes_config_settings(ini, &s, NULL, NULL, err,
		                               sizeof err), MES_OK);
		mes_ini_free(ini);
	}
}

static void test_case_folding(void)
{
	struct mes_settings s;
	struct warns w;

	T_CASE("keys and sections match without case");
	T_CHECK_RC(settings_of("[AUTH]\nMax_Failures = 7\n"
	                       "HASH_COST = Fast\n[Database]\n"
	                       "Path = /Srv/Plant.db\n", &s, &w), MES_OK);
	T_CHECK(s.max_failures == 7);
	T_CHECK(s.hash_cost == MES_HASH_FAST);
	/* Values keep their case. */
	T_CHECK_STR(s.db_path, "/Srv/Plant.db");
	T_CHECK(w.n == 0);
}

static void test_bool_enum(void)
{
	static const struct {
		const char *text;
		int val;
	} bools[] = {
		{ "yes", 1 }, { "no", 0 }, { "true", 1 }, { "false", 0 },
		{ "on", 1 }, { "off", 0 }, { "1", 1 }, { "0", 0 },
		{ "YES", 1 }, { "Off", 0 },
	};
	static const char *const bad_bools[] = { "maybe", "2", "y", "", "nope" };
	struct mes_settings s;
	struct warns w;
	char text[128];
	size_t i;

	T_CASE("bool words");
	for (i = 0; i < sizeof bools / sizeof bools[0]; i++) {
		snprintf(text, sizeof text, "[auth]\nunix_login = %s\n",
		         bools[i].text);
		T_CHECK_RC(settings_of(text, &s, &w), MES_OK);
		T_CHECK(s.unix_login == bools[i].val);
	}

	T_CASE("bad bools name what is expected");
	for (i = 0; i < sizeof bad_bools / sizeof bad_bools[0]; i++) {
		snprintf(text, sizeof text, "[auth]\nunix_login = %s\n",
		         bad_bools[i]);
		T_CHECK_RC(settings_of(text, &s, &w), MES_ERR_CONFIG);
		T_CHECK_HAS(err, "mes.ini: [auth] unix_login = \"");
		T_CHECK_HAS(err, "expected yes or no");
	}

	T_CASE("hash_cost choices");
	T_CHECK_RC(settings_of("[auth]\nhash_cost = interactive\n", &s, &w),
	           MES_OK);
	T_CHECK(s.hash_cost == MES_HASH_INTERACTIVE);
	T_CHECK_RC(settings_of("[auth]\nhash_cost = fast\n", &s, &w), MES_OK);
	T_CHECK(s.hash_cost == MES_HASH_FAST);
	T_CHECK_RC(settings_of("[auth]\nhash_cost = slow\n", &s, &w),
	           MES_ERR_CONFIG);
	T_CHECK_HAS(err, "mes.ini: [auth] hash_cost = \"slow\": expected one "
	            "of: interactive, moderate, fast");
}

static struct mes_ini *load_acc(void)
{
	struct mes_ini *ini;

	put("acc.ini", "[ui]\ncolour = Green\nratio = 1.5\nbig = 2e3\n"
	    "neg = -0.25\nbad1 = inf\nbad2 = nan\nbad3 = 0x1p3\n"
	    "bad4 = 1,5\nbad5 = .\nn = -12\n[Plc Line1]\nhost = h\n"
	    "Port = 502\n");
	T_CHECK_RC(mes_ini_load(tp("acc.ini"), &ini, err, sizeof err), MES_OK);
	return ini;
}

static void test_walk(void)
{
	struct mes_ini *ini = load_acc();

	if (!ini)
		return;
	T_CASE("paths, sections and keys in file order");
	T_CHECK_STR(mes_ini_path(ini), tp("acc.ini"));
	T_CHECK(mes_ini_nsections(ini) == 2);
	T_CHECK_STR(mes_ini_section(ini, 0), "ui");
	T_CHECK_STR(mes_ini_section(ini, 1), "plc line1");
	T_CHECK(mes_ini_section(ini, 2) == NULL);
	T_CHECK(mes_ini_section(ini, -1) == NULL);
	T_CHECK(mes_ini_nkeys(ini, "PLC LINE1") == 2);
	T_CHECK_STR(mes_ini_key(ini, "plc line1", 0), "host");
	T_CHECK_STR(mes_ini_key(ini, "Plc Line1", 1), "port");
	T_CHECK(mes_ini_key(ini, "plc line1", 2) == NULL);
	T_CHECK(mes_ini_nkeys(ini, "absent") == 0);
	T_CHECK(mes_ini_key(ini, "absent", 0) == NULL);

	T_CASE("strings; a section name is not a value");
	T_CHECK_STR(mes_ini_str(ini, "UI", "COLOUR"), "Green");
	T_CHECK(mes_ini_str(ini, "ui", "absent") == NULL);
	T_CHECK(mes_ini_str(ini, "plc line1", "") == NULL);
	T_CHECK(mes_ini_str(NULL, "ui", "colour") == NULL);
	{
		char huge[3000];

		memset(huge, 'a', sizeof huge - 1);
		huge[sizeof huge - 1] = '\0';
		T_CHECK(mes_ini_str(ini, huge, "k") == NULL);
		T_CHECK(mes_ini_nkeys(ini, huge) == 0);
		T_CHECK(mes_ini_key(ini, huge, 0) == NULL);
	}
	mes_ini_free(ini);
}

static void test_values(void)
{
	static const char *const colours[] = { "red", "green", NULL };
	struct mes_ini *ini = load_acc();
	long l;
	double d;
	int i;

	if (!ini)
		return;
	T_CASE("int and double accessors");
	T_CHECK_RC(mes_ini_int(ini, "ui", "n", -100, 100, 7, &l, err,
	                       sizeof err), MES_OK);
	T_CHECK(l == -12);
	T_CHECK_RC(mes_ini_int(ini, "ui", "absent", 0, 1, 7, &l, err,
	                       sizeof err), MES_OK);
	T_CHECK(l == 7);
	T_CHECK_RC(mes_ini_double(ini, "ui", "ratio", 0, 10, 0, &d, err,
	                          sizeof err), MES_OK);
	T_CHECK(d == 1.5);
	T_CHECK_RC(mes_ini_double(ini, "ui", "big", 0, 1e4, 0, &d, err,
	                          sizeof err), MES_OK);
	T_CHECK(d == 2000.0);
	T_CHECK_RC(mes_ini_double(ini, "ui", "neg", -1, 1, 0, &d, err,
	                          sizeof err), MES_OK);
	T_CHECK(d == -0.25);
	T_CHECK_RC(mes_ini_double(ini, "ui", "ratio", 2, 10, 3, &d, err,
	                          sizeof err), MES_ERR_CONFIG);
	T_CHECK(d == 3);
	T_CHECK_HAS(err, "acc.ini: [ui] ratio = \"1.5\": expected a number "
	            "from 2 to 10");
	for (i = 1; i <= 5; i++) {
		char key[16];

		snprintf(key, sizeof key, "bad%d", i);
		T_CHECK_RC(mes_ini_double(ini, "ui", key, -1e9, 1e9, 0, &d,
		                          err, sizeof err), MES_ERR_CONFIG);
		T_CHECK_HAS(err, key);
	}

	T_CASE("decimal point is '.' whatever the locale");
	if (setlocale(LC_NUMERIC, "de_DE.UTF-8") ||
	    setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
		T_CHECK_RC(mes_ini_double(ini, "ui", "ratio", 0, 10, 0, &d,
		                          err, sizeof err), MES_OK);
		T_CHECK(d == 1.5);
		T_CHECK_RC(mes_ini_double(ini, "ui", "bad4", 0, 10, 0, &d,
		                          err, sizeof err), MES_ERR_CONFIG);
		setlocale(LC_NUMERIC, "C");
	}

	T_CASE("enum accessor, without case");
	T_CHECK_RC(mes_ini_enum(ini, "ui", "colour", colours, 0, &i, err,
	                        sizeof err), MES_OK);
	T_CHECK(i == 1);
	T_CHECK_RC(mes_ini_enum(ini, "ui", "absent", colours, 1, &i, err,
	                        sizeof err), MES_OK);
	T_CHECK(i == 1);
	mes_ini_free(ini);
}

static void test_load_errors(void)
{
	struct mes_ini *ini = (struct mes_ini *)1;

	T_CASE("loading a missing file or a directory fails");
	T_CHECK_RC(mes_ini_load(tp("absent.ini"), &ini, err, sizeof err),
	           MES_ERR_CONFIG);
	T_CHECK(ini == NULL);
	T_CHECK_HAS(err, "absent.ini: No such file or directory");
	T_CHECK_RC(mes_ini_load(tmpdir, &ini, err, sizeof err),
	           MES_ERR_CONFIG);
	T_CHECK_HAS(err, "not a regular file");
	T_CHECK_RC(mes_ini_load("", &ini, err, sizeof err), MES_ERR_ARG);
	T_CHECK_RC(mes_ini_load(NULL, &ini, err, sizeof err), MES_ERR_ARG);
	mes_ini_free(NULL);
}

static int chdir_tmp(void)
{
	int fd = open(".", O_RDONLY | O_DIRECTORY);

	if (fd < 0 || chdir(tmpdir) != 0) {
		perror("chdir");
		exit(2);
	}
	return fd;
}

static void test_find(void)
{
	char out[512], sys[512];
	struct stat st;
	int here;

	T_CASE("explicit path wins and must exist");
	put("explicit.ini", "[auth]\n");
	put("env.ini", "[auth]\n");
	setenv("MES_CONFIG", tp("env.ini"), 1);
	T_CHECK_RC(mes_config_find(tp("explicit.ini"), out, sizeof out, err,
	                           sizeof err), MES_OK);
	T_CHECK_STR(out, tp("explicit.ini"));
	T_CHECK_RC(mes_config_find(tp("gone.ini"), out, sizeof out, err,
	                           sizeof err), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "gone.ini: No such file or directory");
	T_CHECK_STR(out, "");
	T_CHECK_RC(mes_config_find("", out, sizeof out, err, sizeof err),
	           MES_ERR_CONFIG);

	T_CASE("$MES_CONFIG next, and it must exist");
	T_CHECK_RC(mes_config_find(NULL, out, sizeof out, err, sizeof err),
	           MES_OK);
	T_CHECK_STR(out, tp("env.ini"));
	setenv("MES_CONFIG", tp("gone.ini"), 1);
	T_CHECK_RC(mes_config_find(NULL, out, sizeof out, err, sizeof err),
	           MES_ERR_CONFIG);
	T_CHECK_HAS(err, "$MES_CONFIG: ");
	T_CHECK_HAS(err, "gone.ini: No such file or directory");

	T_CASE("then ./mes.ini, then " SYSCONFDIR "/mes.ini, else none");
	setenv("MES_CONFIG", "", 1);
	here = chdir_tmp();
	put("mes.ini", "[auth]\n");
	T_CHECK_RC(mes_config_find(NULL, out, sizeof out, err, sizeof err),
	           MES_OK);
	T_CHECK_STR(out, "mes.ini");
	unsetenv("MES_CONFIG");
	unlink("mes.ini");
	snprintf(sys, sizeof sys, "%s", SYSCONFDIR "/mes.ini");
	if (stat(sys, &st) != 0)
		sys[0] = '\0';
	T_CHECK_RC(mes_config_find(NULL, out, sizeof out, err, sizeof err),
	           MES_OK);
	T_CHECK_STR(out, sys);
	if (fchdir(here) != 0)
		perror("fchdir");
	close(here);

	T_CASE("an out buffer too small is an error");
	T_CHECK_RC(mes_config_find(tp("explicit.ini"), out, 4, err,
	                           sizeof err), MES_ERR_ARG);
}

static int quiet_rc[6];

static void load_broken_files(void)
{
	struct mes_ini *ini;
	struct mes_settings s;
	int i = 0;

	put("b1.ini", "[auth]\nno equals sign\n");
	put("b2.ini", "[auth]\nmax_failures = 1\nmax_failures = 2\n");
	put("b3.ini", "[auth]\nmax_failures = lots\n");
	quiet_rc[i++] = mes_ini_load(tp("b1.ini"), &ini, err, sizeof err);
	quiet_rc[i++] = mes_ini_load(tp("b2.ini"), &ini, err, sizeof err);
	quiet_rc[i++] = mes_ini_load(tp("gone.ini"), &ini, err, sizeof err);
	quiet_rc[i++] = mes_ini_load(tp("b3.ini"), &ini, err, sizeof err);
	if (quiet_rc[i - 1] == MES_OK) {
		quiet_rc[i++] = mes_config_settings(ini, &s, NULL, NULL, err,
		                                    sizeof err);
		mes_ini_free(ini);
	}
}

static void test_stderr_quiet(void)
{
	struct stat st;
	int fd, saved;

	T_CASE("a broken file writes nothing to stderr");
	fflush(stderr);
	fd = open(tp("stderr.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	saved = dup(2);
	if (fd < 0 || saved < 0 || dup2(fd, 2) < 0) {
		perror("dup2");
		exit(2);
	}
	close(fd);
	load_broken_files();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	T_CHECK(quiet_rc[0] == MES_ERR_CONFIG);
	T_CHECK(quiet_rc[1] == MES_ERR_CONFIG);
	T_CHECK(quiet_rc[2] == MES_ERR_CONFIG);
	T_CHECK(quiet_rc[3] == MES_OK && quiet_rc[4] == MES_ERR_CONFIG);
	T_CHECK(stat(tp("stderr.txt"), &st) == 0 && st.st_size == 0);
}

/* The man page's EXAMPLES block, so the documentation cannot rot. */
static int man_example(char *buf, size_t n)
{
	FILE *f = fopen("man/mes.ini.5", "r");
	char line[512];
	size_t len = 0;
	int state = 0;

	if (!f)
		return -1;
	buf[0] = '\0';
	while (state < 3 && fgets(line, sizeof line, f)) {
		if (state == 0 && !strncmp(line, ".Sh EXAMPLES", 12))
			state = 1;
		else if (state == 1 && !strncmp(line, ".Bd -literal", 12))
			state = 2;
		else if (state == 2 && !strncmp(line, ".Ed", 3))
			state = 3;
		else if (state == 2 && len + strlen(line) < n)
			len += (size_t)snprintf(buf + len, n - len, "%s", line);
	}
	fclose(f);
	return state == 3 ? 0 : -1;
}

static void test_shipped_examples(void)
{
	struct mes_settings s, def;
	struct mes_ini *ini;
	struct warns w;
	char text[4096];

	mes_settings_default(&def);
	T_CASE("data/mes.ini.example loads as the defaults, no warnings");
	if (access("data/mes.ini.example", R_OK) == 0) {
		memset(&w, 0, sizeof w);
		T_CHECK_RC(mes_ini_load("data/mes.ini.example", &ini, err,
		                        sizeof err), MES_OK);
		T_CHECK_RC(mes_config_settings(ini, &s, collect, &w, err,
		                               sizeof err), MES_OK);
		T_CHECK(same_settings(&s, &def));
		T_CHECK(w.n == 0);
		mes_ini_free(ini);
	}

	T_CASE("the example in mes.ini(5) loads, no warnings");
	if (man_example(text, sizeof text) == 0) {
		T_CHECK_RC(settings_of(text, &s, &w), MES_OK);
		T_CHECK_STR(s.db_path, "/srv/mes/plant#2.db");
		T_CHECK(s.max_failures == 3 && s.idle_lock_s == 120);
		T_CHECK(s.unix_login == 0 && s.min_pin_len == 6);
		T_CHECK(w.n == 0);
	}
}

static void cleanup(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlink(tp(e->d_name));
	}
	if (d)
		closedir(d);
	rmdir(tmpdir);
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 2;
	}
	unsetenv("MES_CONFIG");
	test_defaults();
	test_valid();
	test_bad_numbers();
	test_duplicates();
	test_long_lines();
	test_syntax();
	test_quoting();
	test_unknown();
	test_case_folding();
	test_bool_enum();
	test_walk();
	test_values();
	test_load_errors();
	test_find();
	test_stderr_quiet();
	test_shipped_examples();
	cleanup();
	return t_report("test_config");
}
