#include "stored.h"

#define ZDICT_STATIC_LINKING_ONLY
#include <zdict.h>
#include <zstd.h>

#include <mutex>
#include <stdexcept>

namespace gazette {
namespace {

constexpr char kFormat = 2;  // bump with schema::kVersion when the layout changes
constexpr int kLevel = 3;
constexpr size_t kDictionaryBytes = 64 * 1024;
// Training reads at most this much: a few MB of a corpus say as much about its
// common strings as all of it, and training time grows with the sample.
constexpr size_t kMaxTrainingBytes = 2 * 1024 * 1024;
constexpr const char* kUnreadableDictionary =
    "the database's zstd dictionary is unreadable; rebuild it";

void put_varint(std::string& out, size_t n) {
    while (n >= 0x80) {
        out += static_cast<char>((n & 0x7F) | 0x80);
        n >>= 7;
    }
    out += static_cast<char>(n);
}

size_t get_varint(std::string_view& in) {
    size_t n = 0;
    for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
        const auto c = static_cast<unsigned char>(in.front());
        in.remove_prefix(1);
        n |= static_cast<size_t>(c & 0x7F) << shift;
        if (!(c & 0x80)) return n;
    }
    throw std::runtime_error("stored article data is corrupt (bad length)");
}

std::string serialise(const Article& article) {
    std::string out;
    for_each_field(article, [&](const std::string& s) {
        put_varint(out, s.size());
        out += s;
    });
    return out;
}

struct CCtxDeleter {
    void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct DCtxDeleter {
    void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};

// One context per thread: creating one per call costs more than compressing.
ZSTD_CCtx* thread_cctx() {
    thread_local std::unique_ptr<ZSTD_CCtx, CCtxDeleter> cctx(ZSTD_createCCtx());
    return cctx.get();
}
ZSTD_DCtx* thread_dctx() {
    thread_local std::unique_ptr<ZSTD_DCtx, DCtxDeleter> dctx(ZSTD_createDCtx());
    return dctx.get();
}

}  // namespace

// The compression dictionary is made on the first encode: a search only
// decodes, and making it costs about a millisecond, a tenth of a CGI request.
struct StoredCodec::Dictionaries {
    std::once_flag cdict_made;
    ZSTD_CDict* cdict = nullptr;
    ZSTD_DDict* ddict = nullptr;
    ~Dictionaries() {
        ZSTD_freeCDict(cdict);
        ZSTD_freeDDict(ddict);
    }
};

StoredCodec::StoredCodec(std::string dictionary)
    : dictionary_(std::move(dictionary)), dicts_(std::make_unique<Dictionaries>()) {
    if (dictionary_.empty()) return;
    dicts_->ddict = ZSTD_createDDict(dictionary_.data(), dictionary_.size());
    if (!dicts_->ddict) throw std::runtime_error(kUnreadableDictionary);
}

StoredCodec::~StoredCodec() = default;

std::string StoredCodec::encode(const Article& article) const {
    if (!dictionary_.empty()) {
        std::call_once(dicts_->cdict_made, [this] {
            dicts_->cdict = ZSTD_createCDict(dictionary_.data(), dictionary_.size(), kLevel);
        });
        if (!dicts_->cdict) throw std::runtime_error(kUnreadableDictionary);
    }
    const std::string raw = serialise(article);
    std::string out(1 + ZSTD_compressBound(raw.size()), '\0');
    out[0] = kFormat;
    const size_t n = dicts_->cdict
                         ? ZSTD_compress_usingCDict(thread_cctx(), out.data() + 1, out.size() - 1,
                                                    raw.data(), raw.size(), dicts_->cdict)
                         : ZSTD_compressCCtx(thread_cctx(), out.data() + 1, out.size() - 1,
                                             raw.data(), raw.size(), kLevel);
    if (ZSTD_isError(n)) throw std::runtime_error(ZSTD_getErrorName(n));
    out.resize(1 + n);
    return out;
}

Article StoredCodec::decode(std::string_view data) const {
    if (data.empty() || data[0] != kFormat)
        throw std::runtime_error("stored article data has an unknown format; rebuild the database");
    data.remove_prefix(1);
    const unsigned long long size = ZSTD_getFrameContentSize(data.data(), data.size());
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (1u << 30))
        throw std::runtime_error("stored article data is corrupt");
    std::string raw(size, '\0');
    const size_t n =
        dicts_->ddict
            ? ZSTD_decompress_usingDDict(thread_dctx(), raw.data(), raw.size(), data.data(),
                                         data.size(), dicts_->ddict)
            : ZSTD_decompressDCtx(thread_dctx(), raw.data(), raw.size(), data.data(), data.size());
    if (ZSTD_isError(n)) throw std::runtime_error(ZSTD_getErrorName(n));
    Article article;
    std::string_view in(raw);
    for_each_field(article, [&](std::string& s) {
        const size_t len = get_varint(in);
        if (len > in.size()) throw std::runtime_error("stored article data is corrupt");
        s.assign(in.substr(0, len));
        in.remove_prefix(len);
    });
    return article;
}

std::string StoredCodec::train_dictionary(const std::vector<Article>& samples) {
    std::string buffer;
    std::vector<size_t> sizes;
    for (const Article& a : samples) {
        if (buffer.size() >= kMaxTrainingBytes) break;
        const std::string raw = serialise(a);
        buffer += raw;
        sizes.push_back(raw.size());
    }
    std::string dict(kDictionaryBytes, '\0');
    // One fastCover pass with fixed parameters: the default trainer searches
    // many parameter pairs and takes seconds, for a dictionary barely better.
    ZDICT_fastCover_params_t params{};
    params.k = 200;
    params.d = 8;
    params.steps = 1;
    const size_t n =
        ZDICT_trainFromBuffer_fastCover(dict.data(), dict.size(), buffer.data(), sizes.data(),
                                        static_cast<unsigned>(sizes.size()), params);
    if (ZDICT_isError(n)) return {};
    dict.resize(n);
    return dict;
}

}  // namespace gazette
