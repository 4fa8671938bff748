// Starts FerretDB (MongoDB wire protocol on SQLite) for the workshop's database launcher.
// Built once per machine by scripts/db/build-ferretdb.ts; run as:
//   ferretdb-embedded -listen 127.0.0.1:0 -dir <empty sqlite dir>
// It prints the MongoDB URI on its first stdout line and stops on SIGTERM/SIGINT.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on (port 0 picks a free port)")
	dir := flag.String("dir", "", "directory for the SQLite files (required)")
	flag.Parse()

	if *dir == "" {
		log.Fatal("-dir is required")
	}

	db, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Handler:   "sqlite",
		SQLiteURL: "file:" + *dir + "/",
	})
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	done := make(chan error, 1)
	go func() { done <- db.Run(ctx) }()

	// MongoDBURI() reads the listener's real address, which exists only once Run has bound it.
	uri := ""
	for i := 0; i < 200 && uri == ""; i++ {
		select {
		case err := <-done:
			log.Fatal(err)
		default:
		}
		uri = safeURI(db)
		if uri == "" {
			time.Sleep(25 * time.Millisecond)
		}
	}
	if uri == "" {
		log.Fatal("FerretDB did not start listening within 5 s")
	}
	fmt.Println(uri)

	if err := <-done; err != nil && ctx.Err() == nil {
		log.Fatal(err)
	}
	os.Exit(0)
}

// safeURI returns "" while the listener is not ready (MongoDBURI panics until then).
func safeURI(db *ferretdb.FerretDB) (uri string) {
	defer func() {
		if recover() != nil {
			uri = ""
		}
	}()
	return db.MongoDBURI()
}
