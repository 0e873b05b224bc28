// HTML news pages: one article per page, as saved from a newspaper's site.
#pragma once

#include <string_view>

#include "parser.h"

namespace gazette {

// One article per file. Metadata comes from what publishers mark up, in order:
//  - headline: og:title, JSON-LD headline, the first <h1> (inside <article> first),
//    else <title> without its " | Site Name" suffix;
//  - byline: <meta name="author">, article:author (unless a URL), JSON-LD author,
//    a byline/author-marked element reading "By NAME", a "By NAME" paragraph;
//  - date: article:published_time, JSON-LD datePublished, <time>, <meta name="date">,
//    a date line at the top of the story;
//  - section (article:section, JSON-LD articleSection), source (og:site_name,
//    JSON-LD publisher), url (<link rel="canonical">, og:url).
// The body is the text of <article> (else <main>, role="main", <body>) without
// scripts, navigation, headers, footers, asides, forms, captions and widgets; each
// block element ends a paragraph and page furniture (extract.h) is dropped.
// Malformed and hostile markup (unclosed tags, 100k-deep nesting, broken JSON-LD)
// parses in linear time. Throws ParseError when the page has neither headline nor body.
ParseResult parse_html(const ParseInput& input);

// Content sniffing: true when text starts with markup and <!doctype html>, <html>,
// <head>, <body> or <article> appears near the start (any case).
bool looks_like_html(std::string_view text);

}  // namespace gazette
