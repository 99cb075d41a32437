package graphrt

import (
	"errors"
	"reflect"
	"strconv"
	"sync"
	"time"
)

// Date is an Edm.Date: a calendar day with no time and no time zone, written
// "2006-01-02". The zero Date is not a valid day.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses "YYYY-MM-DD" (four-digit year, a day that exists).
func ParseDate(s string) (Date, error) {
	d, ok := graphrtParseDate([]byte(s))
	if !ok {
		return Date{}, errors.New("invalid date " + strconv.Quote(s) + ": want YYYY-MM-DD")
	}
	return d, nil
}

// String returns the date as "YYYY-MM-DD".
func (d Date) String() string { return string(d.graphrtAppend(make([]byte, 0, 10))) }

func (d Date) graphrtAppend(b []byte) []byte {
	b = graphrtAppendDigits(b, d.Year, 4)
	b = append(b, '-')
	b = graphrtAppendDigits(b, int(d.Month), 2)
	b = append(b, '-')
	return graphrtAppendDigits(b, d.Day, 2)
}

// MarshalJSON returns the date as a JSON string.
func (d Date) MarshalJSON() ([]byte, error) {
	b := append(make([]byte, 0, 12), '"')
	return append(d.graphrtAppend(b), '"'), nil
}

// UnmarshalJSON parses a JSON string "YYYY-MM-DD"; null leaves d unchanged.
func (d *Date) UnmarshalJSON(data []byte) error {
	if graphrtIsNullLiteral(data) {
		return nil
	}
	return graphrtDecodeInto(data, reflect.ValueOf(d).Elem())
}

// TimeOfDay is an Edm.TimeOfDay: a time on a clock with no date and no time
// zone, written "15:04:05" with an optional fraction of a second.
type TimeOfDay struct {
	Hour, Minute, Second int
	Nanosecond           int
}

// ParseTimeOfDay parses "HH:MM", "HH:MM:SS" or "HH:MM:SS.fffffff" (any
// number of fractional digits; digits past the ninth are dropped).
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	t, ok := graphrtParseTimeOfDay([]byte(s))
	if !ok {
		return TimeOfDay{}, errors.New("invalid time of day " + strconv.Quote(s) + ": want HH:MM:SS[.fffffff]")
	}
	return t, nil
}

// String returns "HH:MM:SS", followed by the fraction of a second without
// trailing zeros when there is one ("08:30:00.5").
func (t TimeOfDay) String() string { return string(t.graphrtAppend(make([]byte, 0, 18))) }

func (t TimeOfDay) graphrtAppend(b []byte) []byte {
	b = graphrtAppendDigits(b, t.Hour, 2)
	b = append(b, ':')
	b = graphrtAppendDigits(b, t.Minute, 2)
	b = append(b, ':')
	b = graphrtAppendDigits(b, t.Second, 2)
	if ns := t.Nanosecond; ns > 0 && ns < 1e9 {
		b = append(b, '.')
		n := len(b)
		b = graphrtAppendDigits(b, ns, 9)
		for len(b) > n && b[len(b)-1] == '0' {
			b = b[:len(b)-1]
		}
	}
	return b
}

// MarshalJSON returns the time of day as a JSON string.
func (t TimeOfDay) MarshalJSON() ([]byte, error) {
	b := append(make([]byte, 0, 20), '"')
	return append(t.graphrtAppend(b), '"'), nil
}

// UnmarshalJSON parses a JSON string as ParseTimeOfDay does; null leaves t
// unchanged.
func (t *TimeOfDay) UnmarshalJSON(data []byte) error {
	if graphrtIsNullLiteral(data) {
		return nil
	}
	return graphrtDecodeInto(data, reflect.ValueOf(t).Elem())
}

// graphrtAppendDigits appends n (>= 0) with at least width digits.
func graphrtAppendDigits(b []byte, n, width int) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	var tmp [20]byte
	i := len(tmp)
	for n >= 10 || width > 1 {
		i--
		tmp[i] = byte('0' + n%10)
		n /= 10
		width--
	}
	i--
	tmp[i] = byte('0' + n)
	return append(b, tmp[i:]...)
}

// graphrtDigits reads exactly n decimal digits at s[i:].
func graphrtDigits(s []byte, i, n int) (int, bool) {
	if i+n > len(s) {
		return 0, false
	}
	v := 0
	for _, c := range s[i : i+n] {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

func graphrtDaysIn(m time.Month, year int) int {
	switch m {
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// graphrtDatePrefix parses "YYYY-MM-DD" at the start of s.
func graphrtDatePrefix(s []byte) (Date, bool) {
	y, ok1 := graphrtDigits(s, 0, 4)
	m, ok2 := graphrtDigits(s, 5, 2)
	d, ok3 := graphrtDigits(s, 8, 2)
	if !ok1 || !ok2 || !ok3 || s[4] != '-' || s[7] != '-' || m < 1 || m > 12 || d < 1 || d > graphrtDaysIn(time.Month(m), y) {
		return Date{}, false
	}
	return Date{y, time.Month(m), d}, true
}

func graphrtParseDate(s []byte) (Date, bool) {
	if len(s) != 10 {
		return Date{}, false
	}
	return graphrtDatePrefix(s)
}

// graphrtClockPrefix parses "HH:MM[:SS[.f...]]" at the start of s and returns
// how many bytes it used.
func graphrtClockPrefix(s []byte) (TimeOfDay, int, bool) {
	h, ok1 := graphrtDigits(s, 0, 2)
	m, ok2 := graphrtDigits(s, 3, 2)
	if !ok1 || !ok2 || s[2] != ':' || h > 23 || m > 59 {
		return TimeOfDay{}, 0, false
	}
	t := TimeOfDay{Hour: h, Minute: m}
	i := 5
	if i < len(s) && s[i] == ':' {
		sec, ok := graphrtDigits(s, i+1, 2)
		if !ok || sec > 59 {
			return TimeOfDay{}, 0, false
		}
		t.Second = sec
		i += 3
		if i < len(s) && s[i] == '.' {
			i++
			start, scale := i, 100000000
			for i < len(s) && '0' <= s[i] && s[i] <= '9' {
				t.Nanosecond += int(s[i]-'0') * scale
				scale /= 10
				i++
			}
			if i == start {
				return TimeOfDay{}, 0, false
			}
		}
	}
	return t, i, true
}

func graphrtParseTimeOfDay(s []byte) (TimeOfDay, bool) {
	t, n, ok := graphrtClockPrefix(s)
	return t, ok && n == len(s)
}

// graphrtParseTime parses an Edm.DateTimeOffset: RFC 3339 with any number
// of fractional digits (past nine dropped), and leniently the forms the docs
// use: seconds left out, 't' and 'z' in lower case, no offset at all
// (meaning UTC).
func graphrtParseTime(s []byte) (time.Time, bool) {
	if len(s) < 16 {
		return time.Time{}, false
	}
	d, ok := graphrtDatePrefix(s)
	if !ok || (s[10] != 'T' && s[10] != 't') {
		return time.Time{}, false
	}
	c, n, ok := graphrtClockPrefix(s[11:])
	if !ok {
		return time.Time{}, false
	}
	rest := s[11+n:]
	loc := time.UTC
	offset := 0
	switch {
	case len(rest) == 0, len(rest) == 1 && (rest[0] == 'Z' || rest[0] == 'z'):
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, ok1 := graphrtDigits(rest, 1, 2)
		om, ok2 := graphrtDigits(rest, 4, 2)
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return time.Time{}, false
		}
		offset = (oh*60 + om) * 60
		if rest[0] == '-' {
			offset = -offset
		}
		if offset != 0 {
			loc = graphrtZone(offset)
		}
	default:
		return time.Time{}, false
	}
	t := time.Date(d.Year, d.Month, d.Day, c.Hour, c.Minute, c.Second, c.Nanosecond, time.UTC)
	if offset != 0 {
		t = t.Add(-time.Duration(offset) * time.Second).In(loc)
	}
	return t, true
}

// graphrtZones caches one *time.Location per UTC offset, so that decoding a
// time with an offset does not allocate one each time.
var graphrtZones sync.Map // int (seconds east of UTC) -> *time.Location

func graphrtZone(offset int) *time.Location {
	if l, ok := graphrtZones.Load(offset); ok {
		return l.(*time.Location)
	}
	l, _ := graphrtZones.LoadOrStore(offset, time.FixedZone("", offset))
	return l.(*time.Location)
}

// graphrtAppendTime appends t as a JSON string in RFC 3339 with as many
// fractional digits as it has; years outside 0-9999 are an error, as with
// time.Time.MarshalJSON.
func graphrtAppendTime(b []byte, t time.Time) ([]byte, error) {
	if y := t.Year(); y < 0 || y > 9999 {
		return b, errors.New("time " + strconv.Itoa(y) + "-...: year outside [0,9999]")
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"'), nil
}
