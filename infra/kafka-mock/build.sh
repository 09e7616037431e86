#!/bin/sh
# Builds the mock Kafka cluster into infra/kafka-mock/build/ against the system librdkafka (librdkafka-dev).
# Compiles to a per-process temporary name and renames it, so concurrent builds never expose a partial binary.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$here/build"
# shellcheck disable=SC2046
cc -O2 -Wall -Wextra -Werror -std=gnu11 \
  $(pkg-config --cflags rdkafka) \
  -o "$here/build/kafka-mock.$$.tmp" "$here/kafka-mock.c" \
  $(pkg-config --libs rdkafka)
mv "$here/build/kafka-mock.$$.tmp" "$here/build/kafka-mock"
