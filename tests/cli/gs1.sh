#!/bin/sh
# mesctl gs1: a label checked at a desk, in both forms.
. tests/cli/lib.inc
GS=$(printf '\035')
expect_rc "bracketed string parses" 0 $T/o "$MESCTL" gs1 "(01)09521234543213(10)ABC123(17)251231"
check "... expiry shown as a date" has $T/o "2025-12-31"
printf ']C10109521234543213'"10ABC123${GS}"'17251231\r\n' > $T/scan
expect_rc "raw scan with AIM identifier and GS" 0 $T/o sh -c "'$MESCTL' gs1 - < $T/scan"
check "... names the symbology" has $T/o "]C1"
check "... lot ends at the GS" has $T/o "ABC123$"
printf '0109521234543213'"10ABC123"'17251231\n' > $T/noaim
expect_rc "raw scan without an AIM identifier is refused" 1 $T/o sh -c "'$MESCTL' gs1 - < $T/noaim"
check "... saying to check the scanner" has $T/o "scanner"
expect_rc "--no-aim accepts it" 0 $T/o sh -c "'$MESCTL' gs1 --no-aim --json - < $T/noaim"
check "... and shows the lot that swallowed the date" has $T/o '"value":"ABC12317251231"'
expect_rc "bad check digit" 1 $T/o "$MESCTL" gs1 "(01)09521234543214"
check "... names the AI and the digit" has $T/o "(01) check digit is 4, expected 3"
expect_rc "--json error" 1 $T/o "$MESCTL" --json gs1 "(10)ABC"
check "... JSON names the rule" has $T/o '"error":'
expect_rc "no argument is a usage error" 2 $T/o "$MESCTL" gs1
