/* mesctl changeover: the clean that takes a work center back to clean,
 * recorded and then verified by a second person of the quality role. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "food.h"
#include "mesctl.h"

static int c_record(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "checklist", required_argument, NULL, 'c' },
		{ "atp", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	const char *checklist = NULL;
	double atp = -1;
	long long id = 0;
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'c')
			checklist = optarg;
		else if (ch != 'a' || ctl_num("--atp", optarg, 0, 1e9, &atp))
			return ctl_usage(c);
	}
	if (optind != argc - 1 || !checklist)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_changeover_record(c->db, argv[optind], checklist, atp, &id) !=
	    MES_OK)
		return ctl_fail(c, "changeover record");
	printf("clean %lld of %s recorded: quality verifies it (mesctl "
	       "changeover verify %s)\n", id, argv[optind], argv[optind]);
	return EXIT_OK;
}

static int c_verify(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "signer", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *signer = NULL;
	struct mes_user_info u;
	char pin[128];
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 's')
			return ctl_usage(c);
		signer = optarg;
	}
	if (optind != argc - 1)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (!signer && mes_session_user(c->db, &u) == MES_OK)
		signer = u.login;
	if (ctl_sign_pin("changeover verify", pin, sizeof pin) != 0)
		return EXIT_FAIL;
	rc = mes_changeover_verify(c->db, argv[optind], signer ? signer : "",
	                           pin);
	memset(pin, 0, sizeof pin);
	if (rc != MES_OK)
		return ctl_fail(c, "changeover verify");
	printf("%s is clean: the clean is verified and signed by %s\n",
	       argv[optind], signer);
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "record", c_record, "WC --checklist TEXT [--atp RLU]",
	  "a changeover clean as done, with its ATP swab" },
	{ "verify", c_verify, "WC [--signer LOGIN]",
	  "a second person of quality verifies and signs it" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_changeover = {
	"changeover", NULL, subs, NULL, "allergen changeover cleans",
};
