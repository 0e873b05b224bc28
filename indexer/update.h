// An update: how later runs change a database in place. Builders hand
// documents to one writer, which commits every 1,000 once no file is half
// written (a big file's articles every 5,000). A file's articles go (by its
// file term) before its first new one is written and its record after its
// last, so a crash between commits leaves the file looking changed and the
// next run redoes exactly the files that were not finished. Each commit is
// atomic.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "pipeline.h"
#include "stored.h"

namespace gazette {

// Applies the plan to the database behind `sink`: files read now replace
// their articles, files provably gone lose theirs. `metadata` (settings,
// roots) goes into the first commit. Counts into stats.
void update_in_place(DatabaseSink& sink,
                     const std::vector<std::pair<std::string, std::string>>& metadata,
                     const schema::Settings& settings, const StoredCodec& codec, Pipeline& pipeline,
                     const Plan& plan, Reporter& reporter, IndexStats& stats);

}  // namespace gazette
