// Structs: sizeof and member offsets (x86-64 System V), . and ->, nested structs,
// arrays of structs, initialisers (designated too), struct assignment, typedef.
#include <stdio.h>
#include <string.h>
#include <stddef.h>

struct point { int x; int y; };
struct mixed { char c; long l; short s; char name[5]; int *p; };
struct node { int value; struct node *next; };
typedef struct { char tag; struct point pos; int hist[3]; } item_t;
typedef struct node node_t;
struct outer { struct inner { char a; int b; } in; char z; };

typedef unsigned long ulong_t;
typedef int (*binop_t)(int, int);
typedef int vec3[3];
int add(int a, int b) { return a + b; }
struct ops { const char *name; binop_t fn; } optab[] = {{"add", add}, {"nop", 0}};

struct point origin = {3, 4};
struct point pts[3] = {{1, 2}, {3, 4}, {5, 6}};
item_t gitem = { .tag = 'g', .pos = { .y = 9 }, .hist = {7} };
item_t zitem;
int *gp = &pts[1].y;
struct mixed gm = {'a', 1L << 40, -2, "abcd", &origin.y};

int sum(const struct point *p) { return p->x + p->y; }
void move(struct point *p, int dx) { p->x += dx; p->y++; }

int main(void) {
  printf("sizes %zu %zu %zu %zu %zu %zu\n", sizeof(struct point), sizeof(struct mixed), sizeof(struct node), sizeof(item_t), sizeof(struct outer), sizeof(struct inner));
  printf("offsets %zu %zu %zu %zu %zu\n", offsetof(struct mixed, l), offsetof(struct mixed, s), offsetof(struct mixed, name), offsetof(struct mixed, p), offsetof(item_t, hist));
  struct point a = {10, 20}, b;
  b = a;
  b.x++;
  printf("a %d %d b %d %d sum %d\n", a.x, a.y, b.x, b.y, sum(&b));
  move(&a, 5);
  printf("moved %d %d\n", a.x, a.y);
  node_t n3 = {3, NULL}, n2 = {2, &n3}, n1 = {1, &n2};
  int total = 0;
  for (node_t *n = &n1; n; n = n->next) total += n->value;
  printf("list %d\n", total);
  printf("globals %d %d %d %d %c %d %d %d\n", origin.x, pts[2].y, *gp, gitem.pos.y, gitem.tag, gitem.hist[0], gitem.hist[1], zitem.pos.x);
  printf("gm %c %ld %d %s %d\n", gm.c, gm.l, gm.s, gm.name, *gm.p);
  item_t it;
  memset(&it, 0, sizeof it);
  it.pos = a;
  it.hist[2] = 42;
  int *hp = &it.hist[1];
  hp[1]++;
  printf("item %d %d %d\n", it.pos.x, it.pos.y, it.hist[2]);
  struct outer o = {{'q', 7}, 'z'};
  struct outer *op = &o;
  op->in.b *= 6;
  printf("outer %c %d %c\n", o.in.a, op->in.b, op->z);
  struct point arr[4] = {{0}};
  for (int i = 0; i < 4; i++) { arr[i].x = i; arr[i].y = i * i; }
  struct point *q = arr + 2;
  printf("arr %d %d %ld\n", q->y, (q + 1)->x, q - arr);
  struct point c = a.x > 100 ? a : b;
  printf("c %d\n", c.x);
  struct mixed m = {.s = 5, .c = 'm'};
  printf("m %c %ld %d %d\n", m.c, m.l, m.s, m.name[0]);
  ulong_t big = (ulong_t)-1;
  vec3 v = {1, 2, 3};
  binop_t f = optab[0].fn;
  printf("typedefs %lu %zu %d %s %d\n", big, sizeof(vec3), f(v[1], v[2]), optab[1].name, optab[1].fn == 0);
  {
    typedef struct point point;
    point inner = {.y = -1};
    struct point { char c; } shadow = {'s'};
    printf("scopes %d %c %zu\n", inner.y, shadow.c, sizeof shadow);
  }
  struct point after = {1, 2};
  printf("after %zu %d\n", sizeof after, after.y);
  return 0;
}
