/* mesctl unavailable: a work center's breakdown, planned stop or holiday. */
#include <getopt.h>
#include <stdio.h>
#include "mesctl.h"
#include "schedule.h"

static int unavailable(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "until", required_argument, NULL, 'u' },
		{ "kind", required_argument, NULL, 'k' },
		{ "note", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	const char *from = NULL, *until = NULL, *kind = "breakdown", *note = "";
	int o;

	while ((o = getopt_long(argc, argv, "f:u:k:n:", opts, NULL)) != -1) {
		if (o == 'f') from = optarg;
		else if (o == 'u') until = optarg;
		else if (o == 'k') kind = optarg;
		else if (o == 'n') note = optarg;
		else return ctl_usage(c);
	}
	if (optind != argc - 1 || !from)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_wc_unavailable_add(c->db, argv[optind], from, until, kind,
	                           note) != MES_OK)
		return ctl_fail(c, "unavailable");
	printf("%s: %s from %s%s%s; run mesctl schedule --repair to replan\n",
	       argv[optind], kind, from, until ? " until " : " (open)",
	       until ? until : "");
	return EXIT_OK;
}

const struct cmd cmd_unavailable = {
	"unavailable", unavailable, NULL, "WC --from YYYY-MM-DDTHH:MM "
	"[--until T] [--kind breakdown|planned|holiday] [--note TEXT]",
	"record a breakdown or planned stop of a work center",
};
