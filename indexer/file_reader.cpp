#include "file_reader.h"

#include <fmt/format.h>

#include "archives.h"
#include "charset.h"
#include "format.h"
#include "id_keeper.h"
#include "json_parser.h"
#include "line_reader.h"
#include "mail_parser.h"
#include "sgml_parser.h"
#include "text.h"
#include "walker.h"

namespace gazette {
namespace {

// Read before choosing how to read the rest: enough to tell the format and
// to see a whole first JSONL line.
constexpr size_t kHeadBytes = 256 << 10;
// Of the head, what format sniffing looks at.
constexpr size_t kSniffBytes = 64 << 10;
constexpr std::string_view kStoryOpen = "<REUTERS";

std::string too_big(size_t max_bytes, bool packed) {
    return packed
               ? fmt::format("inflates past the {} byte limit (a decompression bomb?)", max_bytes)
               : fmt::format("larger than the {} byte limit", max_bytes);
}

// Counts the raw bytes read, for the bomb guards.
class Counted : public ByteStream {
  public:
    explicit Counted(ByteStream& in) : in_(in) {}
    size_t read(char* buffer, size_t size) override {
        const size_t n = in_.read(buffer, size);
        count += n;
        return n;
    }
    uintmax_t count = 0;

  private:
    ByteStream& in_;
};

enum class Split { kWhole, kLines, kMessages, kStories };

bool mbox_separator(std::string_view line) {
    return line.starts_with("From ");
}

// The Message-ID of a message, without <>, from its header block ("" for none):
// what names a message in an mbox.
std::string message_id(std::string_view message) {
    while (!message.empty()) {
        const size_t nl = message.find('\n');
        const std::string_view line = message.substr(0, nl);
        if (trim(line).empty()) break;
        if (to_lower_ascii(line.substr(0, 11)) == "message-id:") {
            std::string_view id = trim(line.substr(11));
            if (id.starts_with('<')) id.remove_prefix(1);
            if (id.ends_with('>')) id.remove_suffix(1);
            return std::string(trim(id));
        }
        message.remove_prefix(nl == std::string_view::npos ? message.size() : nl + 1);
    }
    return "";
}

class FileReader {
  public:
    FileReader(ByteStream& raw, const std::string& key, const ReadSettings& settings,
               ArticleSink& sink)
        : raw_(raw), key_(key), settings_(settings), sink_(sink), keeper_(sink) {}

    FileRead read() {
        if (packing_of(key_) == Packing::kArchive) {
            read_archive(raw_, settings_.max_file_size, [&](Member& m) { member(m); });
            if (members_ == 0) throw ParseError("no files in the archive");
        } else {
            stream(key_, raw_);
        }
        FileRead read = keeper_.finish();
        if (read.articles == 0)
            throw ParseError(members_failed_ > 0 ? "no member could be indexed (see above)"
                                                 : "no articles found");
        read.unreadable = unreadable_;
        return read;
    }

  private:
    void warn(const std::string& key, const std::string& message) {
        sink_.warning(key + ": " + message);
    }

    // One member of an archive: a file of its own, whose failure is its own.
    // Its name comes from the archive's bytes: it is read like text (UTF-8,
    // other bytes as Windows-1252, no control characters) before it goes
    // into ids and messages.
    void member(Member& m) {
        ++members_;
        const std::string name = to_utf8(m.name);
        const std::string key = key_ + "!" + name;
        for (size_t at = 0; at <= name.size();) {
            const size_t slash = std::min(name.find('/', at), name.size());
            const std::string why = hidden_or_backup(name.substr(at, slash - at));
            if (!why.empty() && slash > at) return sink_.skipped(key, why);
            at = slash + 1;
        }
        if (const std::string why = not_an_article(name.substr(name.rfind('/') + 1)); !why.empty())
            return sink_.skipped(key, why);
        try {
            if (packing_of(name) == Packing::kArchive)
                throw ParseError("an archive inside an archive (not read)");
            stream(key, m.data);
        } catch (const ArchiveError&) {
            throw;  // the archive itself broke: nothing after can be read
        } catch (const std::runtime_error& e) {
            warn(key, e.what());
            ++members_failed_;
            ++unreadable_;
        }
    }

    // A file, or a member, decoded as its name says.
    void stream(const std::string& key, ByteStream& in) {
        Counted counted(in);
        const std::unique_ptr<ByteStream> inflated = decoded(key, counted);
        if (!inflated) return parse(key, key, counted, false);
        BombGuard guard(*inflated, counted.count, settings_.max_file_size);
        parse(key, std::string(content_name(key)), guard, true);
    }

    void parse(const std::string& key, const std::string& name, ByteStream& in, bool packed) {
        std::string head(kHeadBytes, '\0');
        size_t got = 0;
        while (got < head.size())
            if (const size_t n = in.read(head.data() + got, head.size() - got))
                got += n;
            else
                break;
        head.resize(got);
        nul_warned_ = false;
        position_ = 0;
        ids_ = {};
        const Split split = split_of(name, head);
        // Read whole, it is checked whole (a bomb is a bomb before it is binary).
        if (split == Split::kWhole) return whole(key, std::move(head), in, packed);
        if (const std::string why = not_text_reason(head); !why.empty()) throw ParseError(why);
        switch (split) {
            case Split::kWhole:
                break;
            case Split::kLines:
                return lines(key, LineReader(std::move(head), in, settings_.max_file_size));
            case Split::kMessages:
                return messages(key, LineReader(std::move(head), in, settings_.max_file_size));
            case Split::kStories:
                return stories(key, LineReader(std::move(head), in, settings_.max_file_size));
        }
    }

    Split split_of(const std::string& name, std::string_view head) const {
        // UTF-16 can't be split at '\n' bytes.
        if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF")) return Split::kWhole;
        // An mbox whatever its name: a "From " line, then a mail header block.
        if (!settings_.format && mbox_separator(head) &&
            looks_like_mail(head.substr(head.find('\n') + 1)))
            return Split::kMessages;
        const Format format =
            settings_.format.value_or(detect_format(name, to_utf8(head.substr(0, kSniffBytes))));
        switch (format) {
            case Format::kJson:
                return is_jsonl(name, head) ? Split::kLines : Split::kWhole;
            case Format::kReutersSgml:
                return Split::kStories;
            case Format::kMail:
                return to_lower_ascii(name).ends_with(".mbox") || mbox_separator(head)
                           ? Split::kMessages
                           : Split::kWhole;
            default:
                return Split::kWhole;
        }
    }

    void whole(const std::string& key, std::string head, ByteStream& in, bool packed) {
        const size_t max = settings_.max_file_size;
        if (head.size() > max) throw std::runtime_error(too_big(max, packed));
        head += read_all(in, max - head.size(), too_big(max, packed));
        ParseResult parsed = parse_articles(head, key, settings_.format, settings_.parsers);
        for (const std::string& w : parsed.warnings) warn(key, w);
        unreadable_ += parsed.unreadable;
        for (Article& a : parsed.articles) keep(key, std::move(a));
    }

    // Names an article of a file holding many (roots.h) and keeps it.
    void add_listed(const std::string& key, ParseResult& parsed, const std::string& where) {
        for (const std::string& w : parsed.warnings) warn(key, where + w);
        unreadable_ += parsed.unreadable;
        for (Article& a : parsed.articles) {
            tidy(a);
            a.id = ids_.name(key, a.source_id, ++position_);
            keep(key, std::move(a));
        }
    }

    // Every article of an archive has the archive's key as its path: the
    // file it came from, whose record it is counted in.
    void keep(const std::string& key, Article a) {
        a.path = key_;
        keeper_.add(std::move(a), [&](const std::string& w) { warn(key, w); });
    }

    // Text of one piece, decoded as parse_articles decodes a file.
    std::string decode(const std::string& key, std::string_view bytes) {
        if (!nul_warned_ && has_nul_bytes(bytes)) {
            warn(key, "NUL bytes dropped");
            nul_warned_ = true;
        }
        return decode_text(bytes);
    }

    void skip_too_long(const std::string& key, const std::string& what) {
        warn(key, fmt::format("{}: {}; skipped", what, too_big(settings_.max_file_size, false)));
        ++unreadable_;
    }

    void lines(const std::string& key, LineReader reader) {
        std::string_view line;
        bool too_long;
        while (reader.next(line, too_long)) {
            if (too_long) {
                skip_too_long(key, fmt::format("line {}", reader.number()));
                continue;
            }
            ParseResult parsed;
            parse_jsonl_line(decode(key, line), reader.number(), key, settings_.parsers.json_fields,
                             parsed);
            add_listed(key, parsed, "");
        }
    }

    // mbox: a message starts at each "From " line (the first, or one after
    // a blank line); ">From " lines in a body are unquoted (mboxrd).
    void messages(const std::string& key, LineReader reader) {
        std::string message;
        size_t number = 0, first_line = 1;
        bool blank_before = true, too_long = false, oversize = false;
        const auto flush = [&] {
            if (oversize) {
                skip_too_long(key, fmt::format("message {} (line {})", number, first_line));
            } else if (!trim(message).empty()) {
                try {
                    const std::string text = decode(key, message);
                    ParseResult parsed = parse_mail(ParseInput{text, key, message});
                    for (Article& a : parsed.articles)
                        if (a.source_id.empty()) a.source_id = message_id(text);
                    add_listed(key, parsed, fmt::format("message {}: ", number));
                } catch (const ParseError& e) {
                    warn(key, fmt::format("message {}: {}", number, e.what()));
                    ++unreadable_;
                }
            }
            message.clear();
            oversize = false;
        };
        std::string_view line;
        while (reader.next(line, too_long)) {
            if (!too_long && blank_before && mbox_separator(line)) {
                if (number > 0 || !trim(message).empty()) flush();
                ++number;
                first_line = reader.number();
                blank_before = false;
                continue;
            }
            if (number == 0) number = 1;  // text before any "From " line
            blank_before = !too_long && trim(line).empty();
            if (line.starts_with(">") && line.find_first_not_of('>') != std::string_view::npos &&
                line.substr(line.find_first_not_of('>')).starts_with("From "))
                line.remove_prefix(1);
            oversize =
                oversize || too_long || message.size() + line.size() > settings_.max_file_size;
            if (!oversize) (message += line) += '\n';
        }
        flush();
    }

    // Reuters SGML: each story runs from "<REUTERS" to the next one.
    void stories(const std::string& key, LineReader reader) {
        std::string story;
        size_t stories = 0, first_line = 0;
        bool oversize = false;
        const auto flush = [&] {
            if (oversize) {
                skip_too_long(key, fmt::format("story at line {}", first_line));
            } else if (!story.empty()) {
                ParseResult parsed = parse_sgml(ParseInput{decode(key, story), key});
                add_listed(key, parsed, "");
            }
            story.clear();
            oversize = false;
        };
        const auto append = [&](std::string_view text, bool too_long) {
            if (stories == 0) return;  // before the first story: the DOCTYPE
            oversize = oversize || too_long || story.size() + text.size() > settings_.max_file_size;
            if (!oversize) story += text;
        };
        std::string_view line;
        bool too_long;
        while (reader.next(line, too_long)) {
            for (size_t open; !too_long && (open = line.find(kStoryOpen)) != line.npos;) {
                append(line.substr(0, open), false);
                flush();
                ++stories;
                first_line = reader.number();
                story = kStoryOpen;
                line.remove_prefix(open + kStoryOpen.size());
            }
            append(line, too_long);
            if (stories > 0 && !oversize) story += '\n';
        }
        flush();
        if (stories == 0) throw ParseError("no <REUTERS> story");
    }

    ByteStream& raw_;
    const std::string& key_;
    const ReadSettings& settings_;
    ArticleSink& sink_;
    IdKeeper keeper_;
    size_t members_ = 0, members_failed_ = 0;
    size_t unreadable_ = 0;  // articles skipped with a warning (FileRead::unreadable)
    size_t position_ = 0;    // of the last article named in the current file or member
    ListedIds ids_;          // of the current file or member
    bool nul_warned_ = false;
};

}  // namespace

FileRead read_articles(ByteStream& raw, const std::string& key, const ReadSettings& settings,
                       ArticleSink& sink) {
    return FileReader(raw, key, settings, sink).read();
}

}  // namespace gazette
