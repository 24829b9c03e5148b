/*
 * deploylint: the TOML reader (include/deploylint/toml.h): toml++ 3.3
 * parses, and the tree it builds is copied into arena-owned C structs with
 * byte positions. The one C++ file of the project (C++17, for toml++);
 * exceptions are turned off in toml++ (TOML_EXCEPTIONS 0: parse errors come
 * back in a parse_result) and anything the standard library still throws
 * (std::bad_alloc) is caught here: nothing crosses into C.
 */
#define TOML_EXCEPTIONS 0
#define TOML_ENABLE_FORMATTERS 0
#include <toml++/toml.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

/* parse.h declares dl_ini_section() beside struct dl_ini_section, which
 * C++ reads as a function hiding a constructor (-Wshadow): fine in C */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
extern "C" {
#include "deploylint/toml.h"
}
#pragma GCC diagnostic pop

namespace
{

/* Converts toml++'s (line, code-point column) into (line, byte column). */
class positions
{
      public:
	positions(const char *data, size_t len)
	    : data_(data), len_(len)
	{
		starts_.push_back(0);
		for (size_t i = 0; i < len; i++)
			if (data[i] == '\n')
				starts_.push_back(i + 1);
	}

	struct dl_pos
	convert(const toml::source_position &p) const
	{
		struct dl_pos out;
		size_t line = p.line ? p.line : 1;
		if (line > starts_.size())
			line = starts_.size();
		size_t off = starts_[line - 1];
		size_t col = 1;
		for (uint32_t cp = 1; cp < p.column && off < len_ && data_[off] != '\n'; cp++) {
			size_t n = seq_len(static_cast<unsigned char>(data_[off]));
			for (size_t k = 0; k < n && off < len_ && data_[off] != '\n'; k++) {
				off++;
				col++;
			}
		}
		out.line = static_cast<unsigned>(line);
		out.col = static_cast<unsigned>(col);
		return out;
	}

      private:
	static size_t
	seq_len(unsigned char c)
	{
		if (c >= 0xf0)
			return 4;
		if (c >= 0xe0)
			return 3;
		if (c >= 0xc0)
			return 2;
		return 1;
	}

	const char *data_;
	size_t len_;
	std::vector<size_t> starts_;
};

class builder
{
      public:
	builder(struct dl_arena *arena, const positions &pos)
	    : arena_(arena), pos_(pos)
	{
	}

	struct dl_toml_node *
	node(const toml::node &n)
	{
		struct dl_toml_node *out = static_cast<struct dl_toml_node *>(
			dl_arena_alloc(arena_, sizeof(struct dl_toml_node)));
		out->pos = pos_.convert(n.source().begin);
		switch (n.type()) {
		case toml::node_type::table:
			table(out, *n.as_table());
			break;
		case toml::node_type::array:
			array(out, *n.as_array());
			break;
		case toml::node_type::string: {
			const std::string &s = n.as_string()->get();
			out->type = DL_TOML_STRING;
			out->str = dl_arena_strndup(arena_, s.data(), s.size());
			out->str_len = s.size();
			break;
		}
		case toml::node_type::integer:
			out->type = DL_TOML_INTEGER;
			out->integer = n.as_integer()->get();
			break;
		case toml::node_type::floating_point:
			out->type = DL_TOML_FLOAT;
			out->number = n.as_floating_point()->get();
			break;
		case toml::node_type::boolean:
			out->type = DL_TOML_BOOLEAN;
			out->boolean = n.as_boolean()->get() ? 1 : 0;
			break;
		case toml::node_type::date:
			out->type = DL_TOML_LOCAL_DATE;
			date(&out->dt, n.as_date()->get());
			check_year(out);
			break;
		case toml::node_type::time:
			out->type = DL_TOML_LOCAL_TIME;
			time(&out->dt, n.as_time()->get());
			break;
		case toml::node_type::date_time: {
			const toml::date_time &dt = n.as_date_time()->get();
			date(&out->dt, dt.date);
			time(&out->dt, dt.time);
			check_year(out);
			if (dt.offset) {
				out->type = DL_TOML_DATETIME;
				out->dt.offset_minutes = dt.offset->minutes;
			} else {
				out->type = DL_TOML_LOCAL_DATETIME;
			}
			break;
		}
		case toml::node_type::none:
		default:
			/* toml++ builds no other node: an empty table keeps
			 * the tree well-formed should a later version do */
			out->type = DL_TOML_TABLE;
			break;
		}
		return out;
	}

	/* The first date of year 0, which toml++ accepts and tomllib
	 * rejects (Python's datetime starts at year 1): line 0 if none. */
	struct dl_pos year0 = { 0, 0 };

      private:
	void
	check_year(const struct dl_toml_node *n)
	{
		if (n->dt.year == 0 && !year0.line)
			year0 = n->pos;
	}

	static void
	date(struct dl_toml_datetime *dt, const toml::date &d)
	{
		dt->year = d.year;
		dt->month = d.month;
		dt->day = d.day;
	}

	static void
	time(struct dl_toml_datetime *dt, const toml::time &t)
	{
		dt->hour = t.hour;
		dt->minute = t.minute;
		dt->second = t.second;
		dt->nanosecond = t.nanosecond;
	}

	void
	table(struct dl_toml_node *out, const toml::table &t)
	{
		out->type = DL_TOML_TABLE;
		out->inline_table = t.is_inline() ? 1 : 0;
		out->pairs_nr = t.size();
		if (!out->pairs_nr)
			return;
		out->pairs = static_cast<struct dl_toml_pair *>(dl_arena_alloc(
			arena_, out->pairs_nr * sizeof(struct dl_toml_pair)));
		size_t i = 0;
		for (auto &&kv : t) {
			struct dl_toml_pair *p = &out->pairs[i++];
			std::string_view k = kv.first.str();
			p->key = dl_arena_strndup(arena_, k.data(), k.size());
			p->key_len = k.size();
			p->value = node(kv.second);
			if (kv.first.source().begin)
				p->key_pos = pos_.convert(kv.first.source().begin);
			else
				p->key_pos = p->value->pos;
		}
		/* toml++ keeps keys sorted by name; documents read in order */
		std::stable_sort(out->pairs, out->pairs + out->pairs_nr,
				 [](const struct dl_toml_pair &a, const struct dl_toml_pair &b) {
					 if (a.key_pos.line != b.key_pos.line)
						 return a.key_pos.line < b.key_pos.line;
					 return a.key_pos.col < b.key_pos.col;
				 });
	}

	void
	array(struct dl_toml_node *out, const toml::array &a)
	{
		out->type = DL_TOML_ARRAY;
		out->items_nr = a.size();
		if (!out->items_nr)
			return;
		out->items = static_cast<struct dl_toml_node **>(dl_arena_alloc(
			arena_, out->items_nr * sizeof(struct dl_toml_node *)));
		int tables = 1;
		for (size_t i = 0; i < a.size(); i++) {
			out->items[i] = node(*a.get(i));
			if (out->items[i]->type != DL_TOML_TABLE || out->items[i]->inline_table)
				tables = 0;
		}
		out->array_of_tables = tables;
	}

	struct dl_arena *arena_;
	const positions &pos_;
};

void
set_error(struct dl_toml_doc *out, struct dl_arena *arena, struct dl_pos at,
	  std::string_view msg)
{
	char *m = dl_arena_strndup(arena, msg.data(), msg.size());
	for (char *c = m; *c; c++)
		if (static_cast<unsigned char>(*c) < 0x20 || *c == 0x7f)
			*c = '?';
	out->root = nullptr;
	out->error.set = 1;
	out->error.pos = at;
	out->error.message = m;
}

} // namespace

extern "C" void
dl_toml_parse(struct dl_toml_doc *out, struct dl_arena *arena, const char *data,
	      size_t len)
{
	std::memset(out, 0, sizeof(*out));
	if (len >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		set_error(out, arena, { 1, 1 },
			  "the file starts with a UTF-8 byte order mark, which Python's tomllib (pip, build, Poetry) refuses");
		return;
	}
	try {
		positions pos(data, len);
		toml::parse_result result = toml::parse(std::string_view(data, len));
		if (!result) {
			const toml::parse_error &err = result.error();
			set_error(out, arena, pos.convert(err.source().begin), err.description());
			return;
		}
		builder b(arena, pos);
		out->root = b.node(result.table());
		out->root->pos = { 1, 1 };
		if (b.year0.line)
			set_error(out, arena, b.year0,
				  "Error while parsing date: expected a year from 1 to 9999, saw 0000 (Python's tomllib refuses it)");
	} catch (...) {
		/* std::bad_alloc from toml++'s containers: the arena itself
		 * aborts on exhaustion (dl_xmalloc) and never throws */
		set_error(out, arena, { 1, 1 }, "out of memory while reading TOML");
	}
}

extern "C" void *
dl_toml_parse_doc(struct dl_arena *arena, const char *data, size_t len)
{
	struct dl_toml_doc *doc = static_cast<struct dl_toml_doc *>(
		dl_arena_alloc(arena, sizeof(struct dl_toml_doc)));
	dl_toml_parse(doc, arena, data, len);
	return doc;
}
