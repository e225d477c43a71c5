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
# The linters that need a code list, and GS1's refusals of a GS after the
# identifier and of a blank in a value.
expect_rc "a country of initial processing that is no ISO 3166 code" 1 $T/o "$MESCTL" gs1 "(01)09525099548857(423)900"
check "... names the AI and why" has $T/o "(423) 900 is not an ISO 3166 country code"
expect_rc "an ISO 3166 country is accepted" 0 $T/o "$MESCTL" gs1 "(01)09525099548857(423)276"
expect_rc "a currency that is no ISO 4217 code" 1 $T/o "$MESCTL" gs1 "(415)9521234500056(8020)INV1(3912)00112550"
check "... says so" has $T/o "(3912) 001 is not an ISO 4217 currency code"
expect_rc "a package type GS1 does not list" 1 $T/o "$MESCTL" gs1 "(00)009521234000000017(7041)ZZZ"
check "... says so" has $T/o "(7041) ZZZ is not a package type code"
expect_rc "a GS1 package type is accepted" 0 $T/o "$MESCTL" gs1 "(00)009521234000000017(7041)201"
expect_rc "a coupon with a GCP length indicator of 7" 1 $T/o "$MESCTL" gs1 "(8110)7123456"
check "... names the field" has $T/o "(8110) primary GCP length must be 0 to 6"
expect_rc "a well-formed coupon is accepted" 0 $T/o "$MESCTL" gs1 "(8110)012345612345611110123"
printf ']C1'"${GS}"'0109521234543213\n' > $T/gsfirst
expect_rc "a GS right after the symbology identifier is refused" 1 $T/o sh -c "'$MESCTL' gs1 - < $T/gsfirst"
check "... saying to check the scanner" has $T/o "right after the symbology identifier"
expect_rc "a blank after the AI is part of the value, and refused" 1 $T/o "$MESCTL" gs1 "(01)09521234543213(712) Y"
check "... by the character set" has $T/o "(712) invalid character byte 0x20 at position 1"
