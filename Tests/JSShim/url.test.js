// URL: the WHATWG URL parser through the URL class.

const cases = [
  // [input, base, expected href] — null href means "throws TypeError".
  ["https://EXAMPLE.com:443/a/./b/../c?q=1 2#f g", undefined, "https://example.com/a/c?q=1%202#f%20g"],
  ["http://example.com:80/", undefined, "http://example.com/"],
  ["http://example.com:8080", undefined, "http://example.com:8080/"],
  ["ws://h:80/x", undefined, "ws://h/x"],
  ["wss://h:443", undefined, "wss://h/"],
  ["ftp://h:21/", undefined, "ftp://h/"],
  ["HTTP://H\\a\\b", undefined, "http://h/a/b"],
  ["  \t https://a.com/\n x \u0000 ", undefined, "https://a.com/%20x"],
  ["http://[::1]:80/", undefined, "http://[::1]/"],
  ["http://[2001:DB8:0:0:1:0:0:1]/", undefined, "http://[2001:db8::1:0:0:1]/"],
  ["http://[1:0::]/", undefined, "http://[1::]/"],
  ["http://[0:0:0:0:0:0:0:0]/", undefined, "http://[::]/"],
  ["http://[::ffff:1.2.3.4]/", undefined, "http://[::ffff:102:304]/"],
  ["http://[1:2:3:4:5:6:7:8:9]/", undefined, null],
  ["http://[::1/", undefined, null],
  ["http://[1::2::3]/", undefined, null],
  ["http://0x7f.1/", undefined, "http://127.0.0.1/"],
  ["http://0300.0250.0.1/", undefined, "http://192.168.0.1/"],
  ["http://999999999/", undefined, "http://59.154.201.255/"],
  ["http://4294967296/", undefined, null],
  ["http://1.2.3.4.5/", undefined, null],
  ["http://1.2.3.256/", undefined, null],
  ["http://a b/", undefined, null],
  ["http://a<b/", undefined, null],
  ["http://%41.com/", undefined, "http://a.com/"],
  ["http://bücher.de/", undefined, "http://xn--bcher-kva.de/"],
  ["http://ＥＸＡＭＰＬＥ。com/", undefined, "http://example.com/"],
  ["http://user:pa ss@h.com:8080/p", undefined, "http://user:pa%20ss@h.com:8080/p"],
  ["http://a@b@c/", undefined, "http://a%40b@c/"],
  ["http://@/", undefined, null],
  ["http:///x", undefined, "http://x/"],
  ["https:", undefined, null],
  ["http://h:65536/", undefined, null],
  ["http://h:abc/", undefined, null],
  ["http://h/%2e%2E/x/./%2e/y", undefined, "http://h/x/y"],
  ["http://h/a b/ü?ü=\"'#ü`", undefined, "http://h/a%20b/%C3%BC?%C3%BC=%22%27#%C3%BC%60"],
  ["sc://h/a b?\"'", undefined, "sc://h/a%20b?%22'"],
  ["http://h/{}^|", undefined, "http://h/%7B%7D%5E|"],
  ["non-spec://h/a/../b", undefined, "non-spec://h/b"],
  ["sc://ñ/x", undefined, "sc://%C3%B1/x"],
  ["sc:opaque path", undefined, "sc:opaque path"],
  ["mailto:a@b.c?subject=hi", undefined, "mailto:a@b.c?subject=hi"],
  ["javascript:alert(1)", undefined, "javascript:alert(1)"],
  ["file:///C:/x/../..", undefined, "file:///C:/"],
  ["file://localhost/etc/passwd", undefined, "file:///etc/passwd"],
  ["file:c:\\x\\y", undefined, "file:///c:/x/y"],
  ["../x?y", "http://a/b/c/d", "http://a/b/x?y"],
  ["//h/p", "https://z/q", "https://h/p"],
  ["?q", "http://a/b?c#d", "http://a/b?q"],
  ["#f", "http://a/b?c#d", "http://a/b?c#f"],
  ["", "http://a/b?c#d", "http://a/b?c"],
  ["/x", "http://u:p@a:8/b", "http://u:p@a:8/x"],
  ["g;x=1/../y", "http://a/b/c/d;p?q", "http://a/b/c/y"],
  ["../../../g", "http://a/b/c/d;p?q", "http://a/g"],
  ["http:g", "http://a/b/c", "http://a/b/g"],
  ["x", "mailto:a@b", null],
  ["#x", "mailto:a@b", "mailto:a@b#x"],
  ["relative", undefined, null],
];

test("the parser gives the standard's results for odd inputs", () => {
  for (const [input, base, expected] of cases) {
    if (expected === null) {
      assertThrows(() => new URL(input, base), TypeError, JSON.stringify(input));
      assertEqual(URL.canParse(input, base), false, JSON.stringify(input));
      assertEqual(URL.parse(input, base), null);
    } else {
      assertEqual(new URL(input, base).href, expected, JSON.stringify(input));
      assertEqual(URL.canParse(input, base), true, JSON.stringify(input));
    }
  }
});

// More cases in the manner of the web-platform-tests' urltestdata (written here, not copied).
const B = "http://example.org/foo/bar";
const more = [
  ["http://f:00000000000000/c", undefined, "http://f:0/c"],
  ["http://f:b/c", undefined, null],
  ["http://f: /c", undefined, null],
  ["http://f:999999/c", undefined, null],
  ["  :foo.com   ", B, "http://example.org/foo/:foo.com"],
  ["http://example.com/foo%2", undefined, "http://example.com/foo%2"],
  ["http://www.google.com/foo?bar=baz# \u00bb", undefined, "http://www.google.com/foo?bar=baz#%20%C2%BB"],
  ["data:text/html,test#test", undefined, "data:text/html,test#test"],
  ["http://[0:1:0:1:0:1:0:1]", undefined, "http://[0:1:0:1:0:1:0:1]/"],
  ["http://[1:0:1:0:1:0:1:0]", undefined, "http://[1:0:1:0:1:0:1:0]/"],
  ["http://[::127.0.0.1]", undefined, "http://[::7f00:1]/"],
  ["http://[0:0:0:0:0:0:13.1.68.3]", undefined, "http://[::d01:4403]/"],
  ["http://192.168.0.257", undefined, null],
  ["http://0x100000000/", undefined, null],
  ["http://256/", undefined, "http://0.0.1.0/"],
  ["http://foo.09", undefined, null],
  ["http://foo.0x4", undefined, null],
  ["http://1.2.3.09", undefined, null],
  ["http://example.com./", undefined, "http://example.com./"],
  ["http://%30%78%63%30%2e%30%32%35%30.01", undefined, "http://192.168.0.1/"],
  ["http://GOO\u200b\u2060\ufeffgoo.com", undefined, "http://googoo.com/"],
  ["http://www.foo\u3002bar.com", undefined, "http://www.foo.bar.com/"],
  ["http://\uff10\uff38\uff43\uff10\uff0e\uff10\uff12\uff15\uff10\uff0e\uff10\uff11", undefined, "http://192.168.0.1/"],
  ["http://\uff05\uff14\uff11.com", undefined, null],
  ["file:///C|/foo", undefined, "file:///C:/foo"],
  ["http::@c:29", B, "http://example.org/foo/:@c:29"],
  ["http://&a:foo(b]c@d:2/", undefined, "http://&a:foo(b%5Dc@d:2/"],
  ["http://::@c@d:2", undefined, "http://:%3A%40c@d:2/"],
  ["\\\\x\\hello", B, "http://x/hello"],
  ["\\x\\hello", B, "http://example.org/x/hello"],
  ["#\u03b2", B, "http://example.org/foo/bar#%CE%B2"],
  ["a:\t foo.com", undefined, "a: foo.com"],
  ["http://example.com////../..", undefined, "http://example.com//"],
  ["http://example.com/foo/bar//../..", undefined, "http://example.com/foo/"],
  ["http://example.com/foo/%2e%2", undefined, "http://example.com/foo/%2e%2"],
  ["http://example.com/foo/..bar", undefined, "http://example.com/foo/..bar"],
  ["http://example.com/foo/%2e", undefined, "http://example.com/foo/"],
  ["//example.com/x", "file:///tmp/y", "file://example.com/x"],
  ["/..//localhost//pig", "file://lion/", "file://lion//localhost//pig"],
  ["file:..", "http://www.example.com/test", "file:///"],
  ["web+demo:/.//not-a-host/", undefined, "web+demo:/.//not-a-host/"],
  ["web+demo:/path/..//not-a-host/", undefined, "web+demo:/.//not-a-host/"],
  ["sc://@/", undefined, null],
  ["sc://te@s:t@/", undefined, null],
  ["sc://:/", undefined, null],
  ["sc://:12/", undefined, null],
  ["sc://[/", undefined, null],
  ["sc://\u001f!\"$&'()*+,-.;=_`{}~/", undefined, "sc://%1F!\"$&'()*+,-.;=_`{}~/"],
  ["http://a/b?c d#e\u00a0f", undefined, "http://a/b?c%20d#e%C2%A0f"],
  ["https://x/\u0000y", undefined, "https://x/%00y"],
  ["https://x/?'", undefined, "https://x/?%27"],
  ["http://user@/www.example.com", undefined, null],
  ["http:/:@/www.example.com", undefined, null],
  ["ws:", undefined, null],
  ["wss://h:443/", undefined, "wss://h/"],
  ["ftp://h:21/x", undefined, "ftp://h/x"],
];

test("ports, hosts, IPv4 forms, IDNA mapping, file URLs and userinfo edge cases", () => {
  for (const [input, base, expected] of more) {
    let got;
    try { got = new URL(input, base).href; } catch (e) { if (!(e instanceof TypeError)) throw e; got = null; }
    assertEqual(got, expected, JSON.stringify(input));
  }
});

test("the components of a URL", () => {
  const u = new URL("https://user:pw@sub.Example.com:8443/p/a/t/h?query=string#hash");
  assertEqual(u.protocol, "https:");
  assertEqual(u.username, "user");
  assertEqual(u.password, "pw");
  assertEqual(u.host, "sub.example.com:8443");
  assertEqual(u.hostname, "sub.example.com");
  assertEqual(u.port, "8443");
  assertEqual(u.pathname, "/p/a/t/h");
  assertEqual(u.search, "?query=string");
  assertEqual(u.hash, "#hash");
  assertEqual(u.origin, "https://sub.example.com:8443");
  assertEqual(String(u), u.href);
  assertEqual(JSON.stringify({ u }), JSON.stringify({ u: u.href }));
});

test("origins of special, opaque, file and blob URLs", () => {
  assertEqual(new URL("http://a.com:80/").origin, "http://a.com");
  assertEqual(new URL("http://[::1]:81/").origin, "http://[::1]:81");
  assertEqual(new URL("file:///x").origin, "null");
  assertEqual(new URL("sc://h/").origin, "null");
  assertEqual(new URL("blob:https://a.com:8/uuid").origin, "https://a.com:8");
  assertEqual(new URL("blob:ftp://a.com/uuid").origin, "null");
});

test("an empty query or fragment reads as the empty string but stays in href", () => {
  const u = new URL("http://h/?#");
  assertEqual(u.search, "");
  assertEqual(u.hash, "");
  assertEqual(u.href, "http://h/?#");
});

test("the base must itself parse", () => {
  assertThrows(() => new URL("/x", "not a url"), TypeError);
});

test("setters change one component and ignore what does not parse", () => {
  const u = new URL("https://a.com/p?q#h");
  u.protocol = "http";
  assertEqual(u.href, "http://a.com/p?q#h");
  u.protocol = "mailto";
  assertEqual(u.protocol, "http:", "a special scheme cannot become a non-special one");
  u.host = "b.com:99";
  assertEqual(u.host, "b.com:99");
  u.hostname = "c.com";
  assertEqual(u.host, "c.com:99");
  u.port = "80";
  assertEqual(u.port, "", "the default port is dropped");
  u.port = "8080abc";
  assertEqual(u.port, "8080");
  u.port = "99999";
  assertEqual(u.port, "8080", "an out-of-range port is ignored");
  u.port = "";
  assertEqual(u.port, "");
  u.username = "a b";
  u.password = "p@ss";
  assertEqual(u.href, "http://a%20b:p%40ss@c.com/p?q#h");
  u.pathname = "x y/../z";
  assertEqual(u.pathname, "/z");
  u.search = "k=v w";
  assertEqual(u.search, "?k=v%20w");
  u.hash = "#frag ment";
  assertEqual(u.hash, "#frag%20ment");
  u.hash = "";
  u.search = "";
  assertEqual(u.href, "http://a%20b:p%40ss@c.com/z");
  u.hostname = "bad host";
  assertEqual(u.hostname, "c.com");
  u.href = "https://d.com/";
  assertEqual(u.host, "d.com");
  assertThrows(() => { u.href = "nope"; }, TypeError);
});

test("protocol switches keep or drop the port as the scheme's default", () => {
  const u = new URL("http://h:443/");
  u.protocol = "https";
  assertEqual(u.href, "https://h/");
});

test("an opaque path ignores host and pathname setters, and loses trailing spaces with its query", () => {
  const u = new URL("sc:a b ?q");
  u.host = "x";
  u.pathname = "y";
  assertEqual(u.href, "sc:a b ?q");
  u.search = "";
  assertEqual(u.href, "sc:a b");
});

test("searchParams is live in both directions", () => {
  const u = new URL("https://a.com/?x=1&y=2");
  const params = u.searchParams;
  assertEqual(u.searchParams, params, "the same object each time");
  params.append("z", "a b&c");
  assertEqual(u.href, "https://a.com/?x=1&y=2&z=a+b%26c");
  u.search = "?k=v";
  assertEqual(params.get("k"), "v");
  assertEqual(params.has("x"), false);
  params.delete("k");
  assertEqual(u.href, "https://a.com/", "an empty list removes the query");
  u.href = "https://b.com/?n=1";
  assertEqual(params.get("n"), "1");
});

test("lone surrogates become U+FFFD", () => {
  assertEqual(new URL("http://h/\uD800").pathname, "/%EF%BF%BD");
});

test("URL is a global interface with a toStringTag", () => {
  assertEqual(Object.prototype.toString.call(new URL("http://h")), "[object URL]");
  assertEqual(Object.getOwnPropertyDescriptor(globalThis, "URL").enumerable, false);
});
