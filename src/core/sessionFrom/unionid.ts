// A WeChat unionid's rule, shared by the session-from validator and identify() (the tracker
// imports this, not the whole session-from validator). WeChat unionids (and openids) are 28
// characters of this alphabet: a little slack on length, none on the alphabet.
export const UNIONID = /^[\w-]{20,40}$/;

export const UNIONID_RULE = 'a WeChat unionid' + (process.env.NODE_ENV !== 'production' ? ': 20 to 40 of A-Z a-z 0-9 _ -' : '');
