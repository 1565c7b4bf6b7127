# Conveniences over scripts/ and SwiftPM.
PREFIX ?= /usr/local

.PHONY: build release install check-release test
build:
	swift build
release:
	scripts/build-release.sh dist
install:
	scripts/install.sh $(PREFIX)
check-release:
	scripts/check-release.sh
# Installs what the tests need (Debian packages, a Python environment in .build/venv), then
# runs them; CI runs exactly this.
test:
	scripts/test.sh
