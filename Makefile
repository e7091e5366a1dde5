# The README's two commands: `make run` and `make test`. Both set everything up first.
# Every target is a thin wrapper over scripts/dev, which also works where `make` is not installed yet.
.PHONY: setup run test lint bench dist screenshots

setup run test lint bench dist screenshots:
	@bash scripts/dev $@
