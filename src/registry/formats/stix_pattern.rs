//! Just enough of STIX 2.1 patterning to pull the comparisons out of an
//! indicator's pattern: `[url:value = 'x' AND domain-name:value = 'y'] OR
//! [...] WITHIN 60 SECONDS`. Boolean structure and qualifiers are not
//! evaluated — an importer only needs the values each comparison names —
//! but strings, brackets and operators are checked, so that a garbled
//! pattern is reported rather than half read.

/// One `object-path operator value` comparison.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Comparison {
    pub path: String,
    /// `=`, `!=`, `LIKE`, `IN`, ... as written (keywords upper-cased).
    pub op: String,
    pub negated: bool,
    /// The literal when it is a plain string (`'…'`), unescaped.
    pub value: Option<String>,
}

#[derive(Debug, PartialEq, Eq)]
enum Token {
    Open(char),
    Close(char),
    Str(String),
    Op(String),
    Word(String),
    Path(String),
}

/// Every comparison of `pattern`, in order.
pub(super) fn comparisons(pattern: &str) -> Result<Vec<Comparison>, String> {
    let tokens = lex(pattern)?;
    if !tokens.contains(&Token::Open('[')) {
        return Err("нет выражения наблюдения [ … ]".to_owned());
    }
    let mut found = Vec::new();
    let mut rest = tokens.iter();
    while let Some(token) = rest.next() {
        let Token::Path(path) = token else { continue };
        let mut next = rest.next();
        let negated = matches!(next, Some(Token::Word(w)) if w.eq_ignore_ascii_case("not"));
        if negated {
            next = rest.next();
        }
        let op = match next {
            Some(Token::Op(op)) => op.clone(),
            Some(Token::Word(w)) if is_keyword_op(w) => w.to_ascii_uppercase(),
            _ => return Err(format!("нет оператора после {path}")),
        };
        let value = match rest.next() {
            Some(Token::Str(s)) => Some(s.clone()),
            Some(Token::Word(_) | Token::Open('(')) => None,
            _ => return Err(format!("нет значения после {path} {op}")),
        };
        found.push(Comparison {
            path: path.clone(),
            op,
            negated,
            value,
        });
    }
    Ok(found)
}

fn is_keyword_op(word: &str) -> bool {
    ["LIKE", "MATCHES", "IN", "ISSUBSET", "ISSUPERSET"]
        .iter()
        .any(|k| word.eq_ignore_ascii_case(k))
}

fn lex(pattern: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut open: Vec<char> = Vec::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '[' | '(' => {
                open.push(c);
                tokens.push(Token::Open(c));
            }
            ']' | ')' => {
                let expected = if c == ']' { '[' } else { '(' };
                if open.pop() != Some(expected) {
                    return Err(format!("непарная скобка {c:?}"));
                }
                tokens.push(Token::Close(c));
            }
            '\'' => tokens.push(Token::Str(string(&mut chars)?)),
            '=' | '!' | '<' | '>' => {
                let mut op = c.to_string();
                while let Some(&n) = chars.peek().filter(|n| matches!(n, '=' | '<' | '>')) {
                    op.push(n);
                    chars.next();
                }
                tokens.push(Token::Op(op));
            }
            c if is_word(c) => {
                let mut word = c.to_string();
                while let Some(&n) = chars.peek().filter(|&&n| is_word(n)) {
                    word.push(n);
                    chars.next();
                }
                // `type:property` starts an object path, which may go on
                // with `.`, `[*]`, `[0]` and quoted keys (`hashes.'SHA-256'`).
                if chars.peek() == Some(&':') {
                    while let Some(&n) = chars.peek().filter(|&&n| is_path(n)) {
                        word.push(n);
                        chars.next();
                    }
                    tokens.push(Token::Path(word));
                } else {
                    tokens.push(Token::Word(word));
                }
            }
            other => return Err(format!("недопустимый символ {other:?}")),
        }
    }
    match open.last() {
        Some(c) => Err(format!("не закрыта скобка {c:?}")),
        None => Ok(tokens),
    }
}

/// The body of a `'…'` literal after its opening quote; `\'` and `\\` are
/// the escapes STIX defines.
fn string(chars: &mut impl Iterator<Item = char>) -> Result<String, String> {
    let mut out = String::new();
    while let Some(c) = chars.next() {
        match c {
            '\'' => return Ok(out),
            '\\' => match chars.next() {
                Some(e @ ('\'' | '\\')) => out.push(e),
                Some(e) => return Err(format!("недопустимое экранирование \\{e} в строке")),
                None => break,
            },
            c => out.push(c),
        }
    }
    Err("строка не закрыта кавычкой".to_owned())
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '+')
}

fn is_path(c: char) -> bool {
    is_word(c) || matches!(c, ':' | '*' | '[' | ']' | '\'')
}
