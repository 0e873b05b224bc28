#include "cli_options.h"

#include <iostream>

#include "database.h"

namespace gazette::cli {

po::options_description database_options(std::vector<std::string>& locations, Access access) {
    po::options_description group("Database");
    group.add_options()(
        "db", po::value(&locations)->value_name("LOCATION"),
        access == Access::kRead
            ? "database directory, stub file of shards, or tcp://HOST:PORT (repeatable; default "
              "$GAZETTE_DB, else ./gazette-db)"
            : "database directory to create or update (default $GAZETTE_DB, else ./gazette-db)");
    return group;
}

po::options_description general_options() {
    po::options_description group("General");
    group.add_options()("help,h", "show this help and exit")("version", "show the version");
    return group;
}

bool parse_command_line(int argc, char** argv, const Tool& tool,
                        const po::options_description& visible, std::vector<std::string>* words,
                        po::variables_map& vm) {
    po::options_description all = visible;
    po::positional_options_description positional;
    if (words) {
        all.add_options()("gazette-words", po::value(words));
        positional.add("gazette-words", -1);
    }
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
        std::cout << tool.usage << '\n' << visible << tool.exit_codes;
        return true;
    }
    if (vm.count("version")) {
        std::cout << tool.name << ' ' << GAZETTE_VERSION << '\n';
        return true;
    }
    return false;
}

void default_locations(std::vector<std::string>& locations) {
    if (locations.empty()) locations.push_back(default_database_location());
}

}  // namespace gazette::cli
