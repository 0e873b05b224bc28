// Reading XML in tests with a real parser (libxml2), as feed readers do: a
// document that is not well-formed fails to parse, and XPath finds elements.
#pragma once

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <memory>
#include <string>
#include <vector>

namespace gazette::test {

class XmlDocument {
  public:
    // Parses without touching the network; parsed() is false for a document
    // that is not well-formed.
    explicit XmlDocument(const std::string& text)
        : doc_(xmlReadMemory(text.data(), static_cast<int>(text.size()), "feed.xml", nullptr,
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
               xmlFreeDoc) {}

    bool parsed() const { return doc_ != nullptr; }

    // The text of every node the XPath finds; "a:" is the Atom namespace.
    std::vector<std::string> all(const std::string& xpath) const {
        std::vector<std::string> out;
        if (!doc_) return out;
        const std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> context(
            xmlXPathNewContext(doc_.get()), xmlXPathFreeContext);
        xmlXPathRegisterNs(context.get(), BAD_CAST "a", BAD_CAST "http://www.w3.org/2005/Atom");
        const std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)> result(
            xmlXPathEvalExpression(BAD_CAST xpath.c_str(), context.get()), xmlXPathFreeObject);
        if (!result || !result->nodesetval) return out;
        for (int i = 0; i < result->nodesetval->nodeNr; ++i) {
            xmlChar* text = xmlNodeGetContent(result->nodesetval->nodeTab[i]);
            out.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
            xmlFree(text);
        }
        return out;
    }

    // The text of the first node the XPath finds, or "".
    std::string first(const std::string& xpath) const {
        const auto found = all(xpath);
        return found.empty() ? "" : found.front();
    }

    size_t count(const std::string& xpath) const { return all(xpath).size(); }

  private:
    std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc_;
};

}  // namespace gazette::test
