// Fuzzes the RFC 822 mail and Usenet parser (headers, RFC 2047, MIME parts,
// quoted-printable, base64, charsets).
#include "fuzz_support.h"
#include "mail_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace gazette;
    const std::string_view bytes = fuzz::as_text(data, size);
    fuzz::parse_and_check(bytes, "12345", parse_mail);
    looks_like_mail(to_utf8(bytes));
    return 0;
}
