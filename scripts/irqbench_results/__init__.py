"""irqbench's host results programs (docs/results.md): one reader
(tables), one statistics module (stats), one machine formatter (machine),
and the views built on them (summary, jsonout, compare); cli parses the
command line and calls them."""
