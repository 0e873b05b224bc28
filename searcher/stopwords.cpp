#include "stopwords.h"

#include <iterator>
#include <map>

#include "words.h"

namespace gazette {
namespace {

struct StopList {
    const char* language;
    const char* const* words;
    size_t size;
};

#include "stopwords.inc"

struct Lists {
    std::map<std::string, std::vector<std::string>, std::less<>> by_language;

    Lists() {
        for (const StopList& list : kLists)
            for (size_t i = 0; i < list.size; ++i)
                by_language[list.language].push_back(words::fold(list.words[i]));
    }
};

}  // namespace

const std::vector<std::string>& stopwords(std::string_view language) {
    static const Lists lists;
    static const std::vector<std::string> none;
    const auto it = lists.by_language.find(language);
    return it == lists.by_language.end() ? none : it->second;
}

}  // namespace gazette
