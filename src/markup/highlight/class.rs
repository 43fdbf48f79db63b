//! Scopes in, short classes out: what a token's TextMate scopes (`keyword.control.rust`,
//! `string.quoted.double.shell`, ...) make it, as one of a few roles named the way Pygments and
//! Chroma name theirs (`k` keyword, `s` string, `nf` function name, ...). A page then carries
//! `<span class="k">` where it carried every scope of the token, and the stylesheet colours a
//! role once, whatever the language.

use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::OnceLock;
use syntect::parsing::Scope;

/// A token's role, written as its short class. Tokens of no role (plain names, punctuation,
/// whitespace) get no class and no span: they are drawn in the code's text colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    Comment,
    Keyword,
    /// `true`, `null`, `None`.
    KeywordConstant,
    /// Built-in and library types (`u8`, `int`, `Vec`).
    KeywordType,
    Operator,
    Number,
    String,
    /// `\n` in a string.
    StringEscape,
    /// `{}` or `%d` in a format string, `${` `}` around an interpolation.
    StringInterpolation,
    StringRegex,
    /// A function's name where it is defined or called, commands in a shell.
    Function,
    /// A class, struct, enum or type name where it is defined or inherited.
    TypeName,
    /// HTML tags, YAML, TOML and JSON keys.
    Tag,
    /// HTML attributes, CSS properties.
    Attribute,
    /// Shell and PowerShell `$variables`, parameters, command-line flags.
    Variable,
    /// `self`, `this`, `super`.
    Builtin,
    /// Named constants (`MAX`), HTML entities.
    Constant,
    /// Decorators and annotations (`@Override`, `#[derive]`).
    Decorator,
    /// Module, package and section names.
    Namespace,
    Heading,
    /// A diff's `@@ -1,2 +1,2 @@`.
    Subheading,
    Inserted,
    Deleted,
}

impl Class {
    /// Every class, for the stylesheet.
    pub const ALL: [Class; 23] = [
        Class::Comment,
        Class::Keyword,
        Class::KeywordConstant,
        Class::KeywordType,
        Class::Operator,
        Class::Number,
        Class::String,
        Class::StringEscape,
        Class::StringInterpolation,
        Class::StringRegex,
        Class::Function,
        Class::TypeName,
        Class::Tag,
        Class::Attribute,
        Class::Variable,
        Class::Builtin,
        Class::Constant,
        Class::Decorator,
        Class::Namespace,
        Class::Heading,
        Class::Subheading,
        Class::Inserted,
        Class::Deleted,
    ];

    /// The class attribute's value: Pygments' short name for the role.
    pub fn name(self) -> &'static str {
        match self {
            Class::Comment => "c",
            Class::Keyword => "k",
            Class::KeywordConstant => "kc",
            Class::KeywordType => "kt",
            Class::Operator => "o",
            Class::Number => "m",
            Class::String => "s",
            Class::StringEscape => "se",
            Class::StringInterpolation => "si",
            Class::StringRegex => "sr",
            Class::Function => "nf",
            Class::TypeName => "nc",
            Class::Tag => "nt",
            Class::Attribute => "na",
            Class::Variable => "nv",
            Class::Builtin => "bp",
            Class::Constant => "no",
            Class::Decorator => "nd",
            Class::Namespace => "nn",
            Class::Heading => "gh",
            Class::Subheading => "gu",
            Class::Inserted => "gi",
            Class::Deleted => "gd",
        }
    }
}

/// Scope prefixes and the class they give; the longest prefix of a scope wins, so
/// `storage.type.function` (`fn`, `def`) is a keyword while `storage.type` (`u8`) is a type.
/// The names are those of Sublime Text's scope naming guide, which two-face's grammars follow;
/// the language-specific ones say where a grammar marks every identifier the same way and only
/// some languages' variables deserve a colour.
const RULES: &[(&str, Class)] = &[
    ("comment", Class::Comment),
    ("punctuation.definition.comment", Class::Comment),
    ("keyword", Class::Keyword),
    ("storage", Class::Keyword),
    ("storage.type", Class::KeywordType),
    ("storage.type.function", Class::Keyword),
    ("storage.type.class", Class::Keyword),
    ("storage.type.struct", Class::Keyword),
    ("storage.type.enum", Class::Keyword),
    ("storage.type.impl", Class::Keyword),
    ("storage.type.trait", Class::Keyword),
    ("storage.type.interface", Class::Keyword),
    ("storage.type.namespace", Class::Keyword),
    ("storage.type.module", Class::Keyword),
    // Go's `func`, `struct`, `type`, `var`.
    ("storage.type.keyword", Class::Keyword),
    // Python's `f` and `r` before a string.
    ("storage.type.string", Class::String),
    ("keyword.operator", Class::Operator),
    ("keyword.other.unit", Class::Number),
    ("constant", Class::Constant),
    ("constant.numeric", Class::Number),
    ("constant.language", Class::KeywordConstant),
    ("constant.character.escape", Class::StringEscape),
    ("constant.other.placeholder", Class::StringInterpolation),
    (
        "punctuation.section.interpolation",
        Class::StringInterpolation,
    ),
    ("support.constant", Class::Constant),
    ("string", Class::String),
    ("punctuation.definition.string", Class::String),
    ("string.regexp", Class::StringRegex),
    ("entity.name", Class::TypeName),
    ("entity.name.function", Class::Function),
    ("entity.name.function.decorator", Class::Decorator),
    ("entity.name.tag", Class::Tag),
    ("entity.name.constant", Class::Constant),
    ("entity.name.namespace", Class::Namespace),
    ("entity.name.module", Class::Namespace),
    // TOML's `[package]`.
    ("entity.name.table", Class::Namespace),
    ("entity.name.section", Class::Heading),
    ("entity.other.attribute-name", Class::Attribute),
    ("entity.other.pseudo-class", Class::Attribute),
    ("entity.other.inherited-class", Class::TypeName),
    ("variable.function", Class::Function),
    ("support.function", Class::Function),
    ("support.macro", Class::Function),
    ("support.type", Class::KeywordType),
    ("support.class", Class::TypeName),
    ("support.variable", Class::Builtin),
    ("variable.language", Class::Builtin),
    ("variable.parameter", Class::Variable),
    ("punctuation.definition.variable", Class::Variable),
    ("variable.other.readwrite.shell", Class::Variable),
    ("variable.other.readwrite.assignment.shell", Class::Variable),
    ("variable.other.readwrite.powershell", Class::Variable),
    ("variable.annotation", Class::Decorator),
    ("punctuation.definition.annotation", Class::Decorator),
    // JSON's keys, which are strings inside it.
    ("meta.mapping.key", Class::Tag),
    ("markup.heading", Class::Heading),
    ("meta.diff.header", Class::Heading),
    ("meta.diff.range", Class::Subheading),
    ("markup.inserted", Class::Inserted),
    ("markup.deleted", Class::Deleted),
];

fn rules() -> &'static [(Scope, Class)] {
    static PARSED: OnceLock<Vec<(Scope, Class)>> = OnceLock::new();
    PARSED.get_or_init(|| {
        RULES
            .iter()
            .map(|&(prefix, class)| {
                let scope = Scope::new(prefix).expect("RULES holds valid scope names");
                (scope, class)
            })
            .collect()
    })
}

/// The class a scope gives by itself, from its longest prefix in [`RULES`].
fn own_class(scope: Scope) -> Option<Class> {
    rules()
        .iter()
        .filter(|(prefix, _)| prefix.is_prefix_of(scope))
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|&(_, class)| class)
}

thread_local! {
    /// [`own_class`] of every scope met so far: a build meets a few hundred scopes, millions
    /// of times. Per thread, so the threads highlighting notes in parallel share no lock.
    static SEEN: RefCell<FxHashMap<Scope, Option<Class>>> = RefCell::default();
}

/// The class of a token whose innermost scope is `scope`, inside a token of class `outer`:
/// the innermost scope with a class decides (a function name in a call), except that
/// nothing inside a comment is anything but comment, and a quoted key stays a key.
pub fn inside(outer: Option<Class>, scope: Scope) -> Option<Class> {
    let own = SEEN.with(|seen| {
        *seen
            .borrow_mut()
            .entry(scope)
            .or_insert_with(|| own_class(scope))
    });
    match (outer, own) {
        (Some(Class::Comment), _) => outer,
        (Some(Class::Tag), Some(Class::String)) => outer,
        (_, None) => outer,
        (_, own) => own,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The class of a stack of scopes, outermost first.
    fn class_of(stack: &str) -> Option<Class> {
        stack
            .split(" > ")
            .map(|s| Scope::new(s).unwrap())
            .fold(None, inside)
    }

    #[test]
    fn the_longest_prefix_decides() {
        assert_eq!(
            class_of("source.rust > storage.type.function.rust"),
            Some(Class::Keyword)
        );
        assert_eq!(
            class_of("source.rust > storage.type.rust"),
            Some(Class::KeywordType)
        );
        assert_eq!(
            class_of("source.rust > storage.modifier.rust"),
            Some(Class::Keyword)
        );
        assert_eq!(
            class_of("source.python > constant.numeric.integer.decimal.python"),
            Some(Class::Number)
        );
    }

    #[test]
    fn the_innermost_scope_with_a_class_decides() {
        let call = "source.shell > meta.function-call.shell > variable.function.shell";
        assert_eq!(class_of(call), Some(Class::Function));
        let quote =
            "source.rust > string.quoted.double.rust > punctuation.definition.string.begin.rust";
        assert_eq!(class_of(quote), Some(Class::String));
        let escape = "source.rust > string.quoted.double.rust > constant.character.escape.rust";
        assert_eq!(class_of(escape), Some(Class::StringEscape));
        let expansion = "source.shell > string.quoted.double.shell > meta.group.expansion.parameter.shell > variable.other.readwrite.shell";
        assert_eq!(class_of(expansion), Some(Class::Variable));
    }

    #[test]
    fn scopes_of_no_role_give_no_class() {
        assert_eq!(class_of("source.rust"), None);
        assert_eq!(
            class_of("source.rust > meta.block.rust > punctuation.section.block.begin.rust"),
            None
        );
        // JavaScript marks every identifier `variable.other.readwrite`: only shells colour them.
        assert_eq!(class_of("source.js > variable.other.readwrite.js"), None);
    }

    #[test]
    fn a_comment_holds_only_comment() {
        let doc =
            "source.python > comment.line.number-sign.python > keyword.other.documentation.python";
        assert_eq!(class_of(doc), Some(Class::Comment));
    }

    #[test]
    fn a_quoted_json_key_is_a_key() {
        let key = "source.json > meta.mapping.key.json > string.quoted.double.json > punctuation.definition.string.begin.json";
        assert_eq!(class_of(key), Some(Class::Tag));
        let value = "source.json > meta.mapping.value.json > string.quoted.double.json";
        assert_eq!(class_of(value), Some(Class::String));
    }

    #[test]
    fn every_class_is_listed_once_with_a_distinct_name() {
        let mut names: Vec<&str> = Class::ALL.iter().map(|c| c.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Class::ALL.len());
        for (_, class) in RULES {
            assert!(Class::ALL.contains(class), "{class:?} is not in Class::ALL");
        }
    }
}
