// Co-Clone example: a small Todo app. Put the cursor under the last comment and ask a model (--backend ollama) for the method.

class Todo {
  constructor(id, title, completed = false) {
    this.id = id;
    this.title = title;
    this.completed = completed;
  }

  toggle() {
    this.completed = !this.completed;
  }
}

class TodoList {
  constructor() {
    this.todos = [];
    this.nextId = 1;
  }

  add(title) {
    const todo = new Todo(this.nextId++, title);
    this.todos.push(todo);
    return todo;
  }

  remove(id) {
    this.todos = this.todos.filter(todo => todo.id !== id);
  }

  // filter todos based on their completed status
}

module.exports = { Todo, TodoList };
