/* mes.ini's settings: the values, ranges and defaults of each key, and
 * the examples shipped in data/ and mes.ini(5), read from real files. */
#include "inifix.h"

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

int main(void)
{
	ini_setup();
	test_defaults();
	test_valid();
	test_bad_numbers();
	test_bool_enum();
	test_shipped_examples();
	ini_cleanup();
	return t_report("test_config");
}
