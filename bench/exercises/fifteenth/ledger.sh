# Ledger 3.3 (ledger): double-entry accounting from a text journal,
# C++ with Boost (regular expressions, dates, iostreams), multiple
# commodities with a price database, automated transactions and value
# expressions, reports through its own formatter.
# Train prints the balance of a small journal.
# Test reads a journal with included files, commodities and prices,
# automated and periodic transactions; reports balance, register
# (monthly, with a pager off), a budget, CSV, prices, statistics,
# accounts, payees, a custom format, a query by regular expression and
# date range; converts a CSV of its own (convert); writes reports to a
# file (--output).
prepare() {
	rm -rf "$D/l"
	mkdir -p "$D/l"
	cat >"$D/l/train.ledger" <<'L'
2026/01/01 Opening
    Assets:Bank        1000.00 EUR
    Equity:Opening
L
	cat >"$D/l/prices.db" <<'L'
P 2026/01/01 AAPL 150.00 EUR
P 2026/03/01 AAPL 170.00 EUR
P 2026/02/01 USD 0.90 EUR
L
	cat >"$D/l/main.ledger" <<'L'
include prices.db
= /^Expenses:Food/
    (Budget:Food)      -1
~ Monthly
    Expenses:Food      300.00 EUR
    Assets:Bank
2026/01/01 Opening
    Assets:Bank        5000.00 EUR
    Equity:Opening
2026/01/05 * Grocer
    Expenses:Food      42.50 EUR
    Assets:Bank
2026/01/20 Broker
    Assets:Stocks      10 AAPL @ 150.00 EUR
    Assets:Bank
2026/02/03 Trip ; :travel:
    Expenses:Travel    200.00 USD
    Assets:Bank        -180.00 EUR
2026/02/10 Grocer
    Expenses:Food      61.20 EUR
    Assets:Bank
2026/03/02 Restaurant
    Expenses:Food:Out  35.00 EUR
    Assets:Bank
L
	for i in $(seq 1 40); do
		printf '2026/04/%02d Shop %d\n    Expenses:Misc    %d.00 EUR\n    Assets:Bank\n\n' \
			$((i % 28 + 1)) "$i" "$i"
	done >"$D/l/more.ledger"
	echo "include more.ledger" >>"$D/l/main.ledger"
	printf 'date,payee,amount\n2026/05/01,Bakery,4.50\n2026/05/02,Cafe,3.20\n' \
		>"$D/l/bank.csv"
}
TRAIN=(/bin/sh -c '/usr/bin/ledger -f "$1/l/train.ledger" balance' sh "$D")
TEST=(/usr/bin/env HOME=/nonexistent /bin/sh -c '
cd "$1/l" || exit 1
L="/usr/bin/ledger --no-pager -f main.ledger"
$L balance | grep -q Expenses &&
$L register Food --monthly | grep -q Food &&
$L --budget --monthly register Food >/dev/null &&
$L csv Assets | grep -q Bank &&
$L -V balance Stocks | grep -q 1700 &&
$L prices AAPL | grep -q 170 &&
$L stats | grep -q "Unique payees" &&
$L accounts | grep -q Expenses:Misc && $L payees | grep -q Shop &&
$L -b 2026/02/01 -e 2026/03/01 register "^Exp" | grep -q Trip &&
$L register --format "%(account) %(amount)\n" Travel | grep -q USD &&
$L balance "tag(travel)" >/dev/null &&
$L --output rep.txt balance && [ -s rep.txt ] &&
/usr/bin/ledger -f /dev/null convert bank.csv --account Assets:Bank |
	grep -q Bakery && echo ok' sh "$D")
