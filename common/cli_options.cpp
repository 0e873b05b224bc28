#include "cli_options.h"

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

void default_locations(std::vector<std::string>& locations) {
    if (locations.empty()) locations.push_back(default_database_location());
}

}  // namespace gazette::cli
