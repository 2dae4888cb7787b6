package localhost

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// stored is an accepted upload with what the responses and routes need.
type stored struct {
	Upload
	kind, ext   string
	date        time.Time
	title       string
	description string
	tags        []string
	nsfw        bool
	categoryID  *int64
	expires     *time.Time
	origName    string
	fileURL     string // direct URL of the file
	thumbURL    string
	frameURL    string // videos only
	viewerPath  string // "/image/<slug>.<id>" (site-relative, base path included)
	shortPath   string
	token       string
	frame       []byte // JPEG served as a video's thumb and frame
	approved    bool
	dataKey     bool // source came as "image": answer under "data"
}

// checkFlood reports a flood when FloodLimit uploads happened within the
// last minute.
func (s *Server) checkFlood(o Options) *apiErr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.floodFull(o, o.Now()) {
		return errFlood(o.FloodLimit)
	}
	return nil
}

// floodFull prunes upload times older than a minute and reports whether
// the limit is reached (caller holds s.mu).
func (s *Server) floodFull(o Options, now time.Time) bool {
	kept := s.flood[:0]
	for _, t := range s.flood {
		if now.Sub(t) < time.Minute {
			kept = append(kept, t)
		}
	}
	s.flood = kept
	return o.FloodLimit > 0 && len(s.flood) >= o.FloodLimit
}

// clientOf identifies the uploader for duplicate detection (its IP).
func clientOf(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// store moves the file into its date folder under a unique name and
// registers it. Flood and duplicate checks are repeated under the lock so
// that concurrent uploads are counted exactly.
func (s *Server) store(rf *received, m media, f *form, o Options, guest bool, client string) (*stored, *apiErr) {
	now := o.Now()
	st := s.describe(rf, m, f, o, guest, now)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.floodFull(o, now) {
		return nil, errFlood(o.FloodLimit)
	}
	dupKey := client + " " + rf.md5
	if t, ok := s.dupes[dupKey]; o.Duplicates && ok && now.Sub(t) < 24*time.Hour {
		return nil, errDuplicate
	}
	if err := s.place(st, rf, now); err != nil {
		return nil, errInternal
	}
	s.flood = append(s.flood, now)
	s.dupes[dupKey] = now
	s.uploads = append(s.uploads, st)
	s.byID[st.ID] = st
	return st, nil
}

// describe fills everything about the upload that needs no lock.
func (s *Server) describe(rf *received, m media, f *form, o Options, guest bool, now time.Time) *stored {
	st := &stored{kind: m.kind, ext: m.ext, date: now, origName: rf.name, approved: !o.Moderation}
	st.Mime, st.Size, st.Width, st.Height, st.MD5 = m.mime, rf.size, m.w, m.h, rf.md5
	st.Fields = make(map[string]string, len(f.fields))
	for k, v := range f.fields {
		st.Fields[k] = v
	}
	st.title = f.fields["title"]
	if st.title == "" {
		st.title = f.fields["name"]
	}
	if st.title == "" {
		st.title = defaultTitle(rf.name)
	}
	st.title = cut(st.title, 100)
	st.description = f.fields["description"]
	st.tags = []string{}
	if !guest {
		st.tags = tagList(f.fields["tags"])
	}
	st.nsfw = f.fields["nsfw"] == "1"
	if n, err := strconv.ParseInt(f.fields["category_id"], 10, 64); err == nil && n != 0 {
		st.categoryID = &n
	}
	if t, ok := expiration(f.fields["expiration"], now); ok {
		st.expires = &t
	}
	st.dataKey = rf.field == "image"
	st.token = randomHex(24)
	if m.kind == "video" {
		st.frame = frameJPEG()
	}
	return st
}

// place picks the id and a unique name, moves the file and registers its
// URLs (caller holds s.mu).
func (s *Server) place(st *stored, rf *received, now time.Time) error {
	st.ID = encodeID(s.nextID)
	s.nextID++
	base := slug(baseName(rf.name), 28)
	if base == "" {
		base = st.ID
	}
	folder := filepath.Join(s.dir, "images", now.UTC().Format("2006/01/02"))
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	name := base
	for i := 2; s.taken(folder, name, st.ext); i++ {
		name = base + "-" + strconv.Itoa(i)
	}
	st.Name = name + "." + st.ext
	st.Path = filepath.Join(folder, st.Name)
	if err := os.Rename(rf.path, st.Path); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	rf.path = ""
	s.register(st, name, now)
	return nil
}

// taken reports a name used by the file, its thumb or its frame.
func (s *Server) taken(folder, name, ext string) bool {
	for _, n := range []string{name + "." + ext, name + ".th." + ext, name + ".th.jpeg", name + ".fr.jpeg"} {
		if _, err := os.Stat(filepath.Join(folder, n)); !errors.Is(err, os.ErrNotExist) {
			return true
		}
	}
	return false
}

// register builds the URLs of st and maps its URL paths (caller holds s.mu).
func (s *Server) register(st *stored, name string, now time.Time) {
	basePath, origin := "", originOf(s.base)
	if u, err := url.Parse(s.base); err == nil {
		basePath = u.Path
	}
	dirPath := basePath + "/images/" + now.UTC().Format("2006/01/02") + "/"
	s.files[dirPath+st.Name] = fileRef{st: st}
	st.fileURL = origin + dirPath + st.Name
	section := "/image/"
	if st.kind == "video" {
		section = "/clip/"
		s.files[dirPath+name+".th.jpeg"] = fileRef{st: st, jpeg: st.frame}
		s.files[dirPath+name+".fr.jpeg"] = fileRef{st: st, jpeg: st.frame}
		st.thumbURL = origin + dirPath + name + ".th.jpeg"
		st.frameURL = origin + dirPath + name + ".fr.jpeg"
	} else {
		s.files[dirPath+name+".th."+st.ext] = fileRef{st: st}
		st.thumbURL = origin + dirPath + name + ".th." + st.ext
	}
	st.shortPath = basePath + section + st.ID
	st.viewerPath = st.shortPath
	if sl := slug(st.title, 100); sl != "" {
		st.viewerPath = basePath + section + sl + "." + st.ID
	}
}
