# Shortcuts for scripts/dev, which sets up what each command needs (venv, Debian packages).
# Extra arguments go in ARGS, e.g.  make bench ARGS="--sizes 1,10"
.PHONY: bench bench-serve test serve

bench:        ## build cost against plain Material for 1, 10 and 100 synthetic talks
	bash scripts/dev bench $(ARGS)

bench-serve:  ## seconds from saving a note to `mkdocs serve` showing it
	bash scripts/dev talkbook bench-serve $(ARGS)

test:         ## the whole test suite
	bash scripts/dev test $(ARGS)

serve:        ## the site on http://127.0.0.1:8000, rebuilt when a source changes
	bash scripts/dev serve $(ARGS)
