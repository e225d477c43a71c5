/*
 * The unit-test harness: one binary per module, one T_CASE per rule, a
 * PASS/FAIL line per case and "name: N passed, N failed" at the end, which
 * tests/run.sh adds up.
 */
#ifndef TESTHELP_H
#define TESTHELP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int t_passed, t_failed, t_case_failed;
static const char *t_case_name;

#define T_CHECK(expr)                                                       \
	do {                                                                \
		if (!(expr)) {                                              \
			fprintf(stderr, "  %s:%d: check failed: %s\n",      \
			        __FILE__, __LINE__, #expr);                 \
			t_case_failed = 1;                                  \
		}                                                           \
	} while (0)

#define T_CHECK_RC(call, want)                                              \
	do {                                                                \
		int t_got_ = (call);                                        \
		if (t_got_ != (want)) {                                     \
			fprintf(stderr, "  %s:%d: %s: want %s, got %s\n",   \
			        __FILE__, __LINE__, #call,                  \
			        mes_strerror(want), mes_strerror(t_got_));  \
			t_case_failed = 1;                                  \
		}                                                           \
	} while (0)

#define T_CHECK_STR(a, b)                                                   \
	do {                                                                \
		const char *t_a_ = (a), *t_b_ = (b);                        \
		if (!t_a_ || !t_b_ || strcmp(t_a_, t_b_) != 0) {            \
			fprintf(stderr, "  %s:%d: %s = \"%s\", want \"%s\"\n",\
			        __FILE__, __LINE__, #a,                     \
			        t_a_ ? t_a_ : "(null)",                     \
			        t_b_ ? t_b_ : "(null)");                    \
			t_case_failed = 1;                                  \
		}                                                           \
	} while (0)

/* Substring check, for error messages that must name something. */
#define T_CHECK_HAS(hay, needle)                                            \
	do {                                                                \
		const char *t_h_ = (hay), *t_n_ = (needle);                 \
		if (!t_h_ || !strstr(t_h_, t_n_)) {                         \
			fprintf(stderr, "  %s:%d: \"%s\" lacks \"%s\"\n",   \
			        __FILE__, __LINE__, t_h_ ? t_h_ : "(null)", \
			        t_n_);                                      \
			t_case_failed = 1;                                  \
		}                                                           \
	} while (0)

static void t_end_case(void)
{
	if (!t_case_name)
		return;
	if (t_case_failed) {
		t_failed++;
		printf("FAIL %s\n", t_case_name);
	} else {
		t_passed++;
		printf("PASS %s\n", t_case_name);
	}
	t_case_name = NULL;
	t_case_failed = 0;
}

#define T_CASE(name) do { t_end_case(); t_case_name = (name); } while (0)

static inline int t_report(const char *suite)
{
	t_end_case();
	printf("%s: %d passed, %d failed\n", suite, t_passed, t_failed);
	return t_failed ? 1 : 0;
}

#endif
