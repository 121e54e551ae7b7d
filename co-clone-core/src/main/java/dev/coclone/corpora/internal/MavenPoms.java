package dev.coclone.corpora.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The dependencies the workspace's {@code pom.xml} files declare, with versions resolved the
 * simple ways: written out, from {@code <properties>} (also a parent's in the workspace),
 * {@code ${project.version}}, and from {@code <dependencyManagement>} of the pom, its parents and
 * the BOMs they import (parents and BOMs outside the workspace are read from the local repository).
 * What needs more (profiles, version ranges, a parent or BOM not in the local repository) is
 * reported as unresolved. Not thread-safe.
 */
public final class MavenPoms {
  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

  /**
   * A dependency with its resolved version.
   *
   * @param groupId    group
   * @param artifactId artifact
   * @param version    resolved version
   */
  public record Coordinates(String groupId, String artifactId, String version) {
    /** {@code group:artifact:version}. */
    @Override
    public String toString() {
      return groupId + ":" + artifactId + ":" + version;
    }
  }

  /**
   * What the poms declare.
   *
   * @param dependencies resolved dependencies, in declaration order, without the workspace's own modules
   * @param unresolved   {@code group:artifact} of dependencies whose version could not be resolved
   * @param problems     poms that could not be read, with the reason
   * @param absent       parents and imported BOMs ({@code parent g:a:v}, {@code BOM g:a:v}) found neither in
   *                     the workspace nor in the local repository: what they manage stays unresolved
   */
  public record Declared(List<Coordinates> dependencies, List<String> unresolved, List<String> problems,
      List<String> absent) {}

  private record Pom(Path file, Element root, String groupId, String artifactId, String version, Pom parent,
      Map<String, String> properties) {}

  private final Map<Path, Element> workspacePoms = new LinkedHashMap<>();
  private final Path repository;
  private final Map<Path, Pom> loaded = new HashMap<>();
  private final Set<Path> loading = new HashSet<>();
  private final Set<String> absent = new LinkedHashSet<>();

  private MavenPoms(Path repository) {
    this.repository = repository;
  }

  /**
   * Reads the given poms. Parents and imported BOMs outside the workspace are read from the local
   * repository when they are there.
   *
   * @param pomFiles   the workspace's pom.xml files
   * @param repository the local Maven repository, or null
   * @return what they declare
   */
  public static Declared read(List<Path> pomFiles, Path repository) {
    return new MavenPoms(repository).declared(pomFiles);
  }

  private Declared declared(List<Path> pomFiles) {
    List<String> problems = new ArrayList<>();
    for (Path f : pomFiles) {
      try {
        workspacePoms.put(f.toAbsolutePath().normalize(), parse(f));
      } catch (IOException | SAXException | ParserConfigurationException e) {
        problems.add(f.getFileName() + ": " + e.getMessage());
      }
    }
    List<Pom> poms = new ArrayList<>();
    for (Path f : workspacePoms.keySet()) {
      Pom p = pom(f);
      if (p != null) {
        poms.add(p);
      }
    }
    Set<String> own = new LinkedHashSet<>();
    poms.forEach(p -> own.add(p.groupId() + ":" + p.artifactId()));
    Map<String, Coordinates> deps = new LinkedHashMap<>();
    Set<String> unresolved = new LinkedHashSet<>();
    for (Pom p : poms) {
      for (Element d : children(child(p.root(), "dependencies"), "dependency")) {
        String g = resolve(text(d, "groupId"), p);
        String a = resolve(text(d, "artifactId"), p);
        String type = text(d, "type");
        if (g == null || a == null || own.contains(g + ":" + a) || (type != null && !type.equals("jar"))) {
          continue;
        }
        String v = resolve(text(d, "version"), p);
        if (v == null) {
          v = managedVersion(p, p, g, a, 0);
        }
        if (v == null || v.contains("${") || v.startsWith("[") || v.startsWith("(")) {
          unresolved.add(g + ":" + a);
        } else {
          deps.putIfAbsent(g + ":" + a + ":" + v, new Coordinates(g, a, v));
        }
      }
    }
    return new Declared(List.copyOf(deps.values()), List.copyOf(unresolved), problems,
        unresolved.isEmpty() ? List.of() : List.copyOf(absent));
  }

  /** The pom in the workspace or the local repository, with its parents; null if unreadable or a cycle. */
  private Pom pom(Path file) {
    Pom known = loaded.get(file);
    if (known != null || !loading.add(file)) {
      return known;
    }
    Element root = workspacePoms.get(file);
    if (root == null) {
      try {
        root = parse(file);
      } catch (IOException | SAXException | ParserConfigurationException e) {
        // A parent or BOM in the repository that cannot be read: what it manages stays unresolved.
        return null;
      }
    }
    Element parentEl = child(root, "parent");
    Pom parent = null;
    if (parentEl != null) {
      String rel = text(parentEl, "relativePath");
      Path parentFile = file.getParent().resolve(rel == null || rel.isEmpty() ? "../pom.xml" : rel).normalize();
      if (Files.isDirectory(parentFile)) {
        parentFile = parentFile.resolve("pom.xml");
      }
      if (workspacePoms.containsKey(parentFile)) {
        parent = pom(parentFile);
      } else {
        Path inRepo = repositoryPom(text(parentEl, "groupId"), text(parentEl, "artifactId"), text(parentEl, "version"));
        parent = inRepo == null ? null : pom(inRepo);
        if (inRepo == null) {
          absent.add("parent " + text(parentEl, "groupId") + ":" + text(parentEl, "artifactId") + ":"
              + text(parentEl, "version"));
        }
      }
    }
    Map<String, String> props = new HashMap<>(parent == null ? Map.of() : parent.properties());
    for (Element e : children(child(root, "properties"), null)) {
      props.put(e.getTagName(), e.getTextContent().trim());
    }
    String g = text(root, "groupId");
    String v = text(root, "version");
    if (parentEl != null) {
      g = g == null ? text(parentEl, "groupId") : g;
      v = v == null ? text(parentEl, "version") : v;
      putIfPresent(props, "project.parent.version", text(parentEl, "version"));
      putIfPresent(props, "project.parent.groupId", text(parentEl, "groupId"));
    }
    putIfPresent(props, "project.groupId", g);
    putIfPresent(props, "project.version", v);
    putIfPresent(props, "version", v);
    putIfPresent(props, "pom.version", v);
    Pom p = new Pom(file, root, g, text(root, "artifactId"), v, parent, Map.copyOf(props));
    loaded.put(file, p);
    return p;
  }

  private Path repositoryPom(String g, String a, String v) {
    if (repository == null || g == null || a == null || v == null || v.contains("${")) {
      return null;
    }
    Path f = repository.resolve(g.replace('.', '/')).resolve(a).resolve(v).resolve(a + "-" + v + ".pom");
    return Files.isRegularFile(f) ? f.toAbsolutePath().normalize() : null;
  }

  private static void putIfPresent(Map<String, String> props, String key, String value) {
    if (value != null) {
      props.put(key, value);
    }
  }

  /**
   * The version that {@code <dependencyManagement>} of a pom or its parents gives, also through
   * imported BOMs (read from the local repository, three levels deep at most); resolved with the
   * properties of the pom that uses it.
   */
  private String managedVersion(Pom user, Pom p, String g, String a, int depth) {
    List<Pom> boms = new ArrayList<>();
    for (Pom at = p; at != null; at = at.parent()) {
      Element dm = child(child(at.root(), "dependencyManagement"), "dependencies");
      for (Element d : children(dm, "dependency")) {
        String dg = resolve(text(d, "groupId"), user);
        String da = resolve(text(d, "artifactId"), user);
        if ("import".equals(text(d, "scope"))) {
          String bv = resolve(text(d, "version"), user);
          Path bom = repositoryPom(dg, da, bv);
          Pom b = bom == null || depth >= 3 ? null : pom(bom);
          if (bom == null) {
            absent.add("BOM " + dg + ":" + da + ":" + bv);
          }
          if (b != null) {
            boms.add(b);
          }
        } else if (g.equals(dg) && a.equals(da)) {
          return resolve(text(d, "version"), user);
        }
      }
    }
    for (Pom b : boms) {
      String v = managedVersion(b, b, g, a, depth + 1);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /** Substitutes ${...} properties (a few rounds, for properties made of properties). */
  private static String resolve(String value, Pom p) {
    if (value == null) {
      return null;
    }
    String v = value;
    for (int round = 0; round < 5 && v.contains("${"); round++) {
      Matcher m = PROPERTY.matcher(v);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String r = p.properties().get(m.group(1));
        m.appendReplacement(sb, Matcher.quoteReplacement(r == null ? m.group() : r));
      }
      m.appendTail(sb);
      if (sb.toString().equals(v)) {
        break;
      }
      v = sb.toString();
    }
    return v;
  }

  private static Element parse(Path f) throws IOException, SAXException, ParserConfigurationException {
    DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
    // A pom is data: no DTDs, no external entities.
    dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    dbf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    dbf.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    dbf.setExpandEntityReferences(false);
    DocumentBuilder db = dbf.newDocumentBuilder();
    db.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
    return db.parse(f.toFile()).getDocumentElement();
  }

  private static Element child(Element parent, String name) {
    if (parent == null) {
      return null;
    }
    for (Element e : children(parent, name)) {
      return e;
    }
    return null;
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    if (parent == null) {
      return out;
    }
    NodeList nl = parent.getChildNodes();
    for (int i = 0; i < nl.getLength(); i++) {
      Node n = nl.item(i);
      if (n instanceof Element e && (name == null || e.getTagName().equals(name))) {
        out.add(e);
      }
    }
    return out;
  }

  private static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? null : e.getTextContent().trim();
  }
}
