// Cases that need what a machine may lack (a program, root, a mount). Such a
// case carries a precondition, *test::needs(...): when it does not hold, the
// case is skipped, "SKIPPED: <case>: <reason>" is printed, and the suite
// exits 77 once it has passed everything else (test_main.cpp), which CTest
// counts as a skip (SKIP_RETURN_CODE), never as a pass. scripts/test lists
// every skip and fails on one under CI=true.
#pragma once

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <functional>
#include <initializer_list>
#include <iostream>
#include <string>
#include <vector>

#include "run_command.h"
#include "test_support.h"

namespace gazette::test {

// How many cases this process skipped.
inline int& skipped_cases() {
    static int count = 0;
    return count;
}

// A precondition that runs the case when why_not() returns "", else skips it
// with that reason.
inline boost::unit_test::precondition needs(std::function<std::string()> why_not) {
    return boost::unit_test::precondition([why_not](boost::unit_test::test_unit_id id) {
        const std::string reason = why_not();
        if (reason.empty()) return boost::test_tools::assertion_result(true);
        const auto& unit = boost::unit_test::framework::get(id, boost::unit_test::TUT_ANY);
        std::cout << "SKIPPED: " << unit.full_name() << ": " << reason << std::endl;
        ++skipped_cases();
        boost::test_tools::assertion_result skip(false);
        skip.message() << reason;
        return skip;
    });
}

// Whether a program is on the PATH (or in /usr/sbin, where lighttpd lives).
inline bool have(const std::string& program) {
    return run("command -v " + program + " >/dev/null 2>&1 || test -x /usr/sbin/" + program)
               .status == 0;
}

// "" when every program is installed, else which one is not.
inline std::function<std::string()> programs(std::initializer_list<const char*> names) {
    return [wanted = std::vector<std::string>(names.begin(), names.end())] {
        for (const std::string& p : wanted)
            if (!have(p)) return p + " is not installed (scripts/setup installs it)";
        return std::string();
    };
}

// "" when every path is in the shared data folder (test_support.h), else
// which is not: a checkout without ../shared skips these cases visibly.
inline std::function<std::string()> shared_data(std::initializer_list<const char*> paths) {
    return [wanted = std::vector<std::string>(paths.begin(), paths.end())] {
        for (const std::string& p : wanted)
            if (::access(shared_path(p).c_str(), R_OK) != 0)
                return "the shared data has no " + shared_path(p) + " (set GAZETTE_SHARED)";
        return std::string();
    };
}

}  // namespace gazette::test
