#!/bin/sh
# Compiles the GS1 Barcode Syntax Dictionary into the C table core/materials/gs1.c
# validates against, so the rules come from GS1's data and not from a
# hand-copied list that drifts when GS1 allocates or changes an AI.
# The code lists the dictionary's linters look values up in (iso3166.txt,
# iso4217.txt, packagetype.txt, beside the dictionary) are compiled into
# the same file, for the same reason: a new ISO or GS1 edition is a data
# update, not a code change.
#
# usage: gen-gs1.sh data/gs1/gs1-syntax-dictionary.txt > gs1_ai.c
#
# Ranges ("3100-3105", "91-99") become one row per AI so the parser can
# binary-search a sorted array.  The script stops with an error, rather
# than emit a table the parser would misread, when an entry breaks an
# assumption the parser makes: AIs are 2 to 4 digits and prefix-free, a
# predefined-length ("*") AI has only fixed-length mandatory components,
# only the last component varies in length, no mandatory component follows
# an optional one.  A linter name the C side does not know fails the
# compile of the generated file (GS1_LINT_<NAME> is undeclared).
set -e
# String order must be strcmp's, whatever the builder's locale.
LC_ALL=C
export LC_ALL
[ $# -eq 1 ] || { echo "usage: $0 gs1-syntax-dictionary.txt" >&2; exit 2; }
[ -r "$1" ] || { echo "$0: cannot read $1" >&2; exit 1; }

awk -v src="$1" '
function fail(msg) {
	printf "%s:%d: %s\n", src, NR, msg > "/dev/stderr"
	failed = 1
	exit 1
}

function cstr(s) {
	gsub(/\\/, "\\\\", s)
	gsub(/"/, "\\\"", s)
	return "\"" s "\""
}

function trim(s) {
	sub(/^[ \t]+/, "", s)
	sub(/[ \t]+$/, "", s)
	return s
}

# One specification token, e.g. "N14,csum,gcppos2" or "[N..12],foo".
function add_comp(tok,    opt, body, lints, nl, parts, i, type, len, c) {
	opt = 0
	if (tok ~ /^\[/) {
		opt = 1
		if (!match(tok, /\]/))
			fail("unclosed [ in " tok)
		body = substr(tok, 2, RSTART - 2)
		lints = substr(tok, RSTART + 1)
	} else {
		body = tok
		lints = ""
		if (match(tok, /,/)) {
			body = substr(tok, 1, RSTART - 1)
			lints = substr(tok, RSTART)
		}
	}
	if (body !~ /^[NXYZ](\.\.)?[0-9]+$/)
		fail("bad component \"" tok "\"")
	if (lints != "" && lints !~ /^(,[a-z0-9]+)+$/)
		fail("bad linter list in \"" tok "\"")
	type = substr(body, 1, 1)
	c = ncomp++
	if (ncomp > MAXCOMP)
		fail("more than " MAXCOMP " components")
	if (body ~ /\.\./) {
		len = substr(body, 4) + 0
		cmin[c] = 1
	} else {
		len = substr(body, 2) + 0
		cmin[c] = len
	}
	if (len < 1 || len > 99)
		fail("bad length in \"" tok "\"")
	cmax[c] = len
	ctype[c] = type
	copt[c] = opt
	nl = split(substr(lints, 2), parts, ",")
	if (nl > MAXLINT)
		fail("more than " MAXLINT " linters in \"" tok "\"")
	clint[c] = ""
	for (i = 1; i <= nl; i++)
		clint[c] = clint[c] (i > 1 ? ", " : "") "GS1_LINT_" toupper(parts[i])
	if (clint[c] == "")
		clint[c] = "0"
}

function check_spec(    i, seen_opt) {
	if (ncomp == 0)
		fail("no specification")
	seen_opt = 0
	for (i = 0; i < ncomp; i++) {
		if (cmin[i] != cmax[i] && i != ncomp - 1)
			fail("only the last component may vary in length")
		if (copt[i])
			seen_opt = 1
		else if (seen_opt)
			fail("mandatory component after an optional one")
		if (predef && (copt[i] || cmin[i] != cmax[i]))
			fail("predefined-length AI with a variable or optional part")
	}
}

function emit_row(ai,    i, minlen, maxlen, fl) {
	if (ai in have)
		fail("AI " ai " listed twice")
	if (nai > 0 && ("x" ai) <= ("x" rows_ai[nai - 1]))
		fail("AI " ai " out of lexical order")
	have[ai] = 1
	rows_ai[nai++] = ai
	minlen = 0
	maxlen = 0
	for (i = 0; i < ncomp; i++) {
		if (!copt[i])
			minlen += cmin[i]
		maxlen += cmax[i]
	}
	if (maxlen > maxall)
		maxall = maxlen
	fl = "0"
	if (predef && dl)
		fl = "GS1_F_PREDEF | GS1_F_DL"
	else if (predef)
		fl = "GS1_F_PREDEF"
	else if (dl)
		fl = "GS1_F_DL"
	printf "\t{ \"%s\", %s, %d, %d, %d, {\n", ai, fl, ncomp, minlen, maxlen
	for (i = 0; i < ncomp; i++)
		printf "\t\t{ %c%s%c, %d, %d, %d, { %s } },\n", q, ctype[i], q, \
		    cmin[i], cmax[i], copt[i], clint[i]
	printf "\t  }, %s, %s, %s },\n", cstr(req), cstr(ex), cstr(title)
}

function do_entry(line,    hash, spec, ntok, tok, i, t, lo, hi, w, n) {
	title = ""
	hash = index(line, "#")
	if (hash) {
		title = trim(substr(line, hash + 1))
		line = substr(line, 1, hash - 1)
	}
	ntok = split(line, tok, /[ \t]+/)
	i = 1
	if (tok[1] == "")
		i = 2
	t = tok[i++]
	if (t ~ /^[0-9]+$/) {
		lo = t
		hi = t
	} else if (t ~ /^[0-9]+-[0-9]+$/) {
		lo = substr(t, 1, index(t, "-") - 1)
		hi = substr(t, index(t, "-") + 1)
	} else {
		fail("bad AI \"" t "\"")
	}
	w = length(lo)
	if (w < 2 || w > 4 || length(hi) != w || hi + 0 < lo + 0)
		fail("bad AI range \"" t "\"")
	predef = 0
	dl = 0
	if (tok[i] ~ /^[^A-Za-z0-9]+$/) {
		predef = (index(tok[i], "*") > 0)
		dl = (index(tok[i], "?") > 0)
		i++
	}
	ncomp = 0
	req = ""
	ex = ""
	for (; i <= ntok; i++) {
		if (tok[i] == "")
			continue
		if (tok[i] ~ /^\[?[NXYZ][.0-9]/) {
			if (req != "" || ex != "")
				fail("component after attributes")
			add_comp(tok[i])
		} else if (tok[i] ~ /^req=/) {
			req = req (req == "" ? "" : " ") substr(tok[i], 5)
		} else if (tok[i] ~ /^ex=/) {
			ex = ex (ex == "" ? "" : ",") substr(tok[i], 4)
		}
		# Other attributes (dlpkey, ...) concern Digital Link only.
	}
	if (req !~ /^[0-9n+, ]*$/ || ex !~ /^[0-9n,]*$/)
		fail("bad req/ex attribute")
	check_spec()
	for (n = lo + 0; n <= hi + 0; n++)
		emit_row(sprintf("%0" w "d", n))
}

BEGIN {
	MAXCOMP = 5
	MAXLINT = 4
	q = sprintf("%c", 39)
	nai = 0
	maxall = 0
	print "/* generated by core/gen-gs1.sh from " src ": do not edit */"
	print "#include \"materials/gs1_int.h\""
	print ""
	print "const struct gs1_ai gs1_ai_table[] = {"
}

/^[ \t]*#/ || /^[ \t]*$/ { next }

{ do_entry($0) }

END {
	if (failed)
		exit 1
	if (nai == 0) {
		print src ": no entries" > "/dev/stderr"
		exit 1
	}
	# The scanner reads an AI by trying 2, 3 and 4 digits; that is only
	# unambiguous when no AI is a prefix of another.
	for (i = 0; i < nai; i++)
		for (k = 2; k < length(rows_ai[i]); k++)
			if (substr(rows_ai[i], 1, k) in have) {
				printf "%s: AI %s has AI %s as a prefix\n", src, \
				    rows_ai[i], substr(rows_ai[i], 1, k) > "/dev/stderr"
				exit 1
			}
	print "};"
	print ""
	printf "const size_t gs1_ai_count = %d;\n", nai
	print ""
	printf "_Static_assert(%d <= MES_GS1_VALUE_MAX,\n", maxall
	print "               \"a value is longer than mes_gs1_elem.value\");"
	printf "_Static_assert(%d <= GS1_MAX_COMP && %d <= GS1_MAX_LINT,\n", \
	    MAXCOMP, MAXLINT
	print "               \"gen-gs1.sh limits exceed struct gs1_ai\");"
}
' "$1"

# One code list: each line "CODE NAME" ("NUM ALPHA2 NAME" for iso3166.txt,
# "NUM ALPHA NAME" for iso4217.txt).  Emitted sorted, for a binary search;
# a malformed line or a code listed twice stops the build.
codes() {
	[ -r "$1" ] || { echo "$0: cannot read $1" >&2; exit 1; }
	awk -v src="$1" -v kind="$2" '
function fail(msg) {
	printf "%s:%d: %s\n", src, NR, msg > "/dev/stderr"
	failed = 1
	exit 1
}

function add(list, code) {
	if ((list, code) in seen)
		fail("code " code " listed twice")
	seen[list, code] = 1
	n[list]++
	item[list, n[list]] = code
}

# Insertion sort on "x" code: plain string order even for digit strings.
function emit(list, what,    i, j, t) {
	for (i = 2; i <= n[list]; i++) {
		t = item[list, i]
		for (j = i - 1; j >= 1 && ("x" item[list, j]) > ("x" t); j--)
			item[list, j + 1] = item[list, j]
		item[list, j + 1] = t
	}
	printf "\n/* %s, from %s */\n", what, src
	printf "static const char %s_codes[][4] = {\n", list
	for (i = 1; i <= n[list]; i++)
		printf "%s\"%s\",%s", (i % 10 == 1 ? "\t" : " "), item[list, i], \
		    (i % 10 == 0 || i == n[list] ? "\n" : "")
	print "};"
	printf "const struct gs1_code_list gs1_%s = {\n", list
	printf "\t%s_codes, sizeof %s_codes / sizeof *%s_codes\n};\n", \
	    list, list, list
}

/^[ \t]*#/ || /^[ \t]*$/ { next }

kind == "iso3166" {
	if ($0 !~ /^[0-9][0-9][0-9] [A-Z][A-Z] [^ ]/)
		fail("expected \"NNN AA name\"")
	if ($1 == "999")
		fail("999 is not an ISO 3166 code (the iso3166999 linter adds it)")
	add("iso3166_num", $1)
	add("iso3166_alpha2", $2)
	next
}

kind == "iso4217" {
	if ($0 !~ /^[0-9][0-9][0-9] [A-Z][A-Z][A-Z] [^ ]/)
		fail("expected \"NNN AAA name\"")
	add("iso4217_num", $1)
	next
}

kind == "packagetype" {
	if ($0 !~ /^[0-9A-Z][0-9A-Z]?[0-9A-Z]? [^ ]/)
		fail("expected \"CODE name\", a code of 1 to 3 digits or capitals")
	# The file is kept in the order GS1 publishes, which is this one.
	if (n["packagetype"] && ("x" $1) <= ("x" item["packagetype", n["packagetype"]]))
		fail("code " $1 " out of order")
	add("packagetype", $1)
	next
}

END {
	if (failed)
		exit 1
	if (kind == "iso3166") {
		emit("iso3166_num", "ISO 3166-1 numeric")
		emit("iso3166_alpha2", "ISO 3166-1 alpha-2")
	} else if (kind == "iso4217") {
		emit("iso4217_num", "ISO 4217 numeric")
	} else {
		emit("packagetype", "GS1 PackageTypeCode")
	}
}
' "$1"
}

dir=$(dirname "$1")
codes "$dir/iso3166.txt" iso3166
codes "$dir/iso4217.txt" iso4217
codes "$dir/packagetype.txt" packagetype
