// The main of every Boost.Test suite: Boost's own, except that a suite that
// skipped a case (tests/skip.h) and failed none exits 77, so that CTest shows
// it as skipped rather than passed.
#include <boost/test/unit_test.hpp>

#include "skip.h"

bool init_unit_test();  // defined by BOOST_TEST_MODULE in the suite's own file

int main(int argc, char* argv[]) {
    const int status = boost::unit_test::unit_test_main(&init_unit_test, argc, argv);
    return status == 0 && gazette::test::skipped_cases() > 0 ? 77 : status;
}
