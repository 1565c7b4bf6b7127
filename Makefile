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
test:
	swift test
