// Catch2 main, built once and shared by every test executable.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
