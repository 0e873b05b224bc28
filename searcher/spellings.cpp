#include "spellings.h"

#include <algorithm>
#include <array>
#include <utility>

namespace gazette::spellings {
namespace {

using Pair = std::pair<std::string, std::string>;  // British, American

// -our in British English, -or in American ("colour", "color"); the
// inflections and derived words start with the word ("colours", "favourite").
constexpr std::string_view kOur[] = {
    "ardour",    "armour",  "behaviour", "candour", "clamour", "colour", "demeanour", "endeavour",
    "favour",    "fervour", "flavour",   "glamour", "harbour", "honour", "humour",    "labour",
    "neighbour", "odour",   "parlour",   "rancour", "rigour",  "rumour", "saviour",   "savour",
    "splendour", "succour", "tumour",    "valour",  "vapour",  "vigour",
};

// -re in British English, -er in American ("centre", "center"), inflected
// -res/-ers, -red/-ered, -ring/-ering.
constexpr std::string_view kRe[] = {
    "calibre", "centimetre", "centre",  "fibre",  "kilometre",  "lacklustre",
    "litre",   "lustre",     "meagre",  "metre",  "millimetre", "mitre",
    "ochre",   "sabre",      "sceptre", "sombre", "spectre",    "theatre",
};

// Other pairs. A word starting with one ("defences", "analysed") is spelt
// the other way by the same change; inflections that change more are listed.
constexpr std::pair<std::string_view, std::string_view> kPairs[] = {
    {"acknowledgement", "acknowledgment"},
    {"aeroplane", "airplane"},
    {"ageing", "aging"},
    {"aluminium", "aluminum"},
    {"anaemia", "anemia"},
    {"anaemic", "anemic"},
    {"anaesthesia", "anesthesia"},
    {"anaesthetic", "anesthetic"},
    {"analogue", "analog"},
    {"analyse", "analyze"},
    {"analysing", "analyzing"},
    {"artefact", "artifact"},
    {"caesarean", "cesarean"},
    {"cancelled", "canceled"},
    {"cancelling", "canceling"},
    {"catalogue", "catalog"},
    {"catalogued", "cataloged"},
    {"catalyse", "catalyze"},
    {"channelled", "channeled"},
    {"cosy", "cozy"},
    {"councillor", "councilor"},
    {"counselling", "counseling"},
    {"counsellor", "counselor"},
    {"defence", "defense"},
    {"dialled", "dialed"},
    {"dialogue", "dialog"},
    {"diarrhoea", "diarrhea"},
    {"doughnut", "donut"},
    {"encyclopaedia", "encyclopedia"},
    {"enrolment", "enrollment"},
    {"equalled", "equaled"},
    {"foetal", "fetal"},
    {"foetus", "fetus"},
    {"fuelled", "fueled"},
    {"fuelling", "fueling"},
    {"fulfil", "fulfill"},
    {"fulfilment", "fulfillment"},
    {"grey", "gray"},
    {"gynaecologist", "gynecologist"},
    {"gynaecology", "gynecology"},
    {"haemoglobin", "hemoglobin"},
    {"haemophilia", "hemophilia"},
    {"haemorrhage", "hemorrhage"},
    {"instalment", "installment"},
    {"jeweller", "jeweler"},
    {"jewellery", "jewelry"},
    {"judgement", "judgment"},
    {"labelled", "labeled"},
    {"labelling", "labeling"},
    {"leukaemia", "leukemia"},
    {"levelled", "leveled"},
    {"licence", "license"},
    {"manoeuvre", "maneuver"},
    {"manoeuvred", "maneuvered"},
    {"manoeuvring", "maneuvering"},
    {"marvellous", "marvelous"},
    {"maths", "math"},
    {"modelled", "modeled"},
    {"modelling", "modeling"},
    {"mould", "mold"},
    {"mum", "mom"},
    {"oesophagus", "esophagus"},
    {"oestrogen", "estrogen"},
    {"offence", "offense"},
    {"orthopaedic", "orthopedic"},
    {"paediatric", "pediatric"},
    {"paediatrician", "pediatrician"},
    {"paralyse", "paralyze"},
    {"paralysing", "paralyzing"},
    {"plough", "plow"},
    {"practise", "practice"},
    {"practising", "practicing"},
    {"pretence", "pretense"},
    {"programme", "program"},
    {"pyjamas", "pajamas"},
    {"sceptic", "skeptic"},
    {"signalled", "signaled"},
    {"signalling", "signaling"},
    {"skilful", "skillful"},
    {"smoulder", "smolder"},
    {"sulphate", "sulfate"},
    {"sulphur", "sulfur"},
    {"totalled", "totaled"},
    {"travelled", "traveled"},
    {"traveller", "traveler"},
    {"travelling", "traveling"},
    {"wilful", "willful"},
    {"woollen", "woolen"},
    {"yoghurt", "yogurt"},
};

// Every spelling with its other, both ways round, by first letter.
using Index = std::array<std::vector<Pair>, 256>;

Index index_pairs() {
    std::vector<Pair> pairs;
    for (const std::string_view our : kOur) {
        std::string american(our);
        american.erase(american.size() - 2, 1);  // colour -> color
        pairs.emplace_back(our, american);
    }
    for (const std::string_view re : kRe) {
        const std::string stem(re.substr(0, re.size() - 2));  // centre -> cent
        pairs.emplace_back(re, stem + "er");
        pairs.emplace_back(stem + "red", stem + "ered");
        pairs.emplace_back(stem + "ring", stem + "ering");
    }
    for (const auto& [british, american] : kPairs) pairs.emplace_back(british, american);
    Index index;
    for (const auto& [british, american] : pairs) {
        index[static_cast<unsigned char>(british[0])].emplace_back(british, american);
        index[static_cast<unsigned char>(american[0])].emplace_back(american, british);
    }
    return index;
}

// What follows -is-/-iz- in the verbs and nouns spelt both ways
// ("organise", "organised", "organisation", "recognisable").
constexpr std::string_view kIzeEndings[] = {"able", "ation", "ations", "e",  "ed",
                                            "er",   "ers",   "es",     "ing"};

// The word with -is- and -iz- swapped, or "" if it does not end that way.
// At least three letters come first: "rise", "prise" and "prize" are
// other words.
std::string ise_ize(std::string_view word) {
    for (const std::string_view ending : kIzeEndings) {
        if (word.size() < ending.size() + 5 || !word.ends_with(ending)) continue;
        const size_t at = word.size() - ending.size() - 2;
        if (word[at] != 'i' || (word[at + 1] != 's' && word[at + 1] != 'z')) continue;
        std::string other(word);
        other[at + 1] = word[at + 1] == 's' ? 'z' : 's';
        return other;
    }
    return "";
}

}  // namespace

bool english(std::string_view language) {
    return language == "english" || language == "porter" || language == "lovins";
}

Others others(std::string_view word, const Xapian::Stem& stem) {
    static const Index index = index_pairs();
    Others out;
    if (word.empty()) return out;
    for (const auto& [spelling, other] : index[static_cast<unsigned char>(word[0])])
        if (word.starts_with(spelling))
            out.words.push_back(other + std::string(word.substr(spelling.size())));
    if (std::string other = ise_ize(word); !other.empty()) out.words.push_back(std::move(other));
    if (out.words.empty()) return out;
    const std::string own = stem(std::string(word));
    for (const std::string& other : out.words)
        if (std::string s = stem(other);
            s != own && std::find(out.stems.begin(), out.stems.end(), s) == out.stems.end())
            out.stems.push_back(std::move(s));
    return out;
}

}  // namespace gazette::spellings
