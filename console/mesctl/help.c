/*
 * Usage and help, made from the command tables (main.c and each
 * cmd_*.c), so that what they say is what the dispatch accepts.
 */
#include <stdio.h>
#include <string.h>
#include "mesctl.h"

#define WIDTH 79

/*
 * "mesctl CMD [SUB] ARGS" after lead, wrapped at WIDTH only at spaces
 * outside brackets, so that "[--from T]" stays on one line; continued
 * lines start under the first argument.
 */
static void synopsis(FILE *f, const char *lead, const struct cmd *k,
                     const struct subcmd *s)
{
	const char *args = s ? s->args : k->args, *p, *end;
	int col, indent, depth;

	col = fprintf(f, "%smesctl %s%s%s", lead, k->name, s ? " " : "",
	              s ? s->name : "");
	indent = col + 1 < WIDTH / 2 ? col + 1 : (int)strlen(lead) + 4;
	for (p = args ? args : ""; *p; p = end) {
		while (*p == ' ')
			p++;
		for (end = p, depth = 0; *end && (depth || *end != ' '); end++)
			if (*end == '[' || *end == '(')
				depth++;
			else if ((*end == ']' || *end == ')') && depth)
				depth--;
		if (end == p)
			break;
		if (col + 1 + (end - p) > WIDTH && col > indent) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else {
			putc(' ', f);
			col++;
		}
		col += fprintf(f, "%.*s", (int)(end - p), p);
	}
	putc('\n', f);
}

/* The usage lines of a command: one per subcommand, or its own. */
static void usage_lines(FILE *f, const struct cmd *k)
{
	const struct subcmd *s;
	const char *lead = "usage: ";

	if (!k->subs) {
		synopsis(f, lead, k, NULL);
		return;
	}
	for (s = k->subs; s->name; s++, lead = "       ")
		synopsis(f, lead, k, s);
}

void help_commands(FILE *f, const struct cmd *const *cmds)
{
	const struct subcmd *s;
	int col;

	fprintf(f, "usage: mesctl [--config FILE] [--db FILE] [--user LOGIN] "
	        "[--hub CONNINFO]\n              [--json] COMMAND [ARGS]\n\n"
	        "commands:\n");
	for (; *cmds; cmds++) {
		fprintf(f, "  %-11s %s\n", (*cmds)->name, (*cmds)->help);
		col = 0;
		for (s = (*cmds)->subs; s && s->name; s++) {
			if (col && col + 1 + (int)strlen(s->name) > WIDTH) {
				putc('\n', f);
				col = 0;
			}
			col += col ? fprintf(f, " %s", s->name) :
			       fprintf(f, "%14s%s", "", s->name);
		}
		if (col)
			putc('\n', f);
	}
	help_central(f);
	fprintf(f, "\nmesctl help COMMAND or mesctl COMMAND --help: its "
	        "arguments; mesctl --version;\nman mesctl for the details.\n");
}

void help_command(FILE *f, const struct cmd *k)
{
	const struct subcmd *s;
	int w = 0;

	usage_lines(f, k);
	fprintf(f, "\n%s\n", k->help);
	for (s = k->subs; s && s->name; s++)
		if ((int)strlen(s->name) > w)
			w = (int)strlen(s->name);
	for (s = k->subs; s && s->name; s++)
		fprintf(f, "  %-*s  %s\n", w, s->name, s->help);
}

void help_sub(FILE *f, const struct cmd *k, const struct subcmd *s)
{
	synopsis(f, "usage: ", k, s);
	fprintf(f, "\n%s\n", s->help);
}

int ctl_usage(const struct ctl *c)
{
	if (c->sub)
		synopsis(stderr, "usage: ", c->cmd, c->sub);
	else
		usage_lines(stderr, c->cmd);
	return EXIT_USAGE;
}
