// Package odatapath is graphgen's one reader of OData paths: it parses the
// path templates Microsoft Graph's documentation pages write in their HTTP
// request sections (/users/{id}/calendar/getSchedule(...)) into
// model.Segments, splits a template or a URL from its query string, prints
// segments back as a template, and matches a concrete example URL against a
// parsed template, returning the argument values. The parser (endpoint
// lines), the linker (endpoint keys, argument kinds) and the emitter (the
// client's path expressions, example URLs, the fake's path tables) use it;
// no other package splits paths. The fake service copied into users'
// modules (templates/graphtest) gets its templates already split, as tables
// of parts, at generation time.
//
// # Grammar
//
// A template is read as follows (ABNF-like; "/" inside parentheses, braces
// or a quoted argument does not separate segments, and quotes count only
// inside parentheses, so an apostrophe in a folder name is text):
//
//	template  = path [ "?" query ]          ; the first "?" outside (), {} and quotes
//	path      = [ "/" ] segment *( "/" segment ) [ "/" ]   ; empty segments are dropped
//	segment   = param / key / function / cast / literal    ; each may end in ":" before an item
//	item      = ":/" "{" name "}" [ ":" ]   ; path-addressed item: root:/{item-path}:,
//	                                        ; items/{parent-id}:/{filename}:/content
//	param     = [ ident "=" ] "{" name *( "|" name ) "}"   ; {id}, {id | userPrincipalName},
//	                                        ; roleTemplateId={roleTemplateId} (an alternate key)
//	key       = ident "(" value ")"         ; users('{id}'): one unnamed argument
//	function  = ident "(" [ arg *( "," arg ) ] ")"          ; getSchedule(a='{x}',b=2), delta()
//	arg       = [ ident "=" ] value
//	value     = placeholder / literal-value ; no braces but around one placeholder
//	placeholder = "{" names "}" / "'{" names "}'" / qualified "'{" names "}'"
//	                                        ; {n}, '{period}', microsoft.graph.timeZoneStandard'{x}'
//	names     = name *( "|" name )          ; the first name is the parameter's
//	cast      = qualified                   ; microsoft.graph.user
//	qualified = ident 1*( "." ident )
//	literal   = 1*( any character but { } ( ) ? and white space )
//	                                        ; $value, $ref and $count are literals the
//	                                        ; package names (System)
//	name      = 1*( ALPHA / DIGIT / "-" / "_" / "." / "@" / inner SP )   ; {tenant id}
//	ident     = 1*( ALPHA / DIGIT / "_" / "-" / "." / "@" / "$" )
//
// White space is allowed around names inside braces and around arguments
// inside parentheses, nowhere else. What the grammar does not read is
// refused with an *Error: no text with { or } reaches a literal, a cast, a
// function name or a literal argument value, so none reaches a URL.
//
// # Repairs
//
// A few typos of the real pages have one sure reading. Parse repairs them
// and returns a Repair saying what it read (once per distinct reading):
//
//	~/onPremisesPublishingProfiles      /onPremisesPublishingProfiles (OData's service root)
//	/users/<id | userPrincipalName>     /users/{id | userPrincipalName} (angle brackets)
//	range(address='<address>')          range(address='{address}')
//	f(groupId=groupId-value)            f(groupId={groupId}) (an argument's "<name>-value")
//	reviewers('{userId'})               reviewers('{userId}')
//	/groups/{group-id/drive             /groups/{group-id}/drive (unclosed before / or the end)
//	/users/{user-id} | upn/chats        /users/{user-id | upn}/chats
//	/companies{id}/vendors{id}          /companies/{id}/vendors/{id} (a missing /)
//	/tokenLifetimePolicies/{id}$ref     /tokenLifetimePolicies/{id}/$ref
//	/recoveryKeys/'{id}'                /recoveryKeys/{id} (a key segment is not quoted)
//	/teams/(team-id)/channels           /teams/{team-id}/channels
//	range(address='{a}'/entireRow       range(address='{a}')/entireRow
//	root:/{item-path}/children          root:/{item-path}:/children (an item path closes with ':')
//
// Repairs apply to the path only, never to the query string. Anything else
// the grammar does not read is refused, with no partial reading.
//
// # Matching
//
// ParseURL reads an example URL (scheme, host and version dropped, a
// fragment cut, segments unescaped one by one); Match pairs its segments
// with a template's: literals and casts case-insensitively, a parameter
// takes one segment (after its prefix), an item path the folders up to one
// ending in ':' (or the rest), a function or key its arguments by name or
// position (quotes and a type prefix removed, a doubled quote read as one).
// A function without parameters may be written without its parentheses.
package odatapath
